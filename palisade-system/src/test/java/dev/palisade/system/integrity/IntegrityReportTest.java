package dev.palisade.system.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report is parsed back by a parser written from the spec's description alone (it shares no
 * code with {@link IntegrityReport}): header fields, separator, six '|'-separated fields a line, the
 * five status texts, the zero rules, and the report checksum recomputed over the body.
 */
class IntegrityReportTest {
    @TempDir
    Path tmp;

    record Line(String path, Instant time, String function, String reference, String calculated, String status) {
    }

    record Parsed(String hostId, Instant time, String function, String checksum, List<Line> lines) {
    }

    private static final List<String> STATUSES = List.of("File integrity verified successfully",
            "File content changed against reference!", "File isn't present in integrity database!",
            "The file under integrity control was deleted or moved!", "Package integrity violation!");
    private static final Pattern HEADER = Pattern.compile(
            "Host ID: ([0-9a-f]{32})\nReport date and time: (\\S+)\nChecksum function: (\\S+)\nReport checksum: ([0-9a-f]{64})\n-{40}\n");

    static Parsed parse(byte[] report) throws Exception {
        String text = new String(report, StandardCharsets.UTF_8);
        Matcher m = HEADER.matcher(text);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("bad header");
        }
        String body = text.substring(m.end());
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance(m.group(3)).digest(body.getBytes(StandardCharsets.UTF_8)));
        if (!actual.equals(m.group(4))) {
            throw new IllegalArgumentException("report checksum mismatch");
        }
        List<Line> lines = new ArrayList<>();
        for (String row : body.split("\n")) {
            String[] f = row.split("\\|", -1);
            if (f.length != 6 || !STATUSES.contains(f[5]) || !f[3].matches("[0-9a-f]{64}") || !f[4].matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("bad line: " + row);
            }
            lines.add(new Line(f[0], Instant.parse(f[1]), f[2], f[3], f[4], f[5]));
        }
        return new Parsed(m.group(1), Instant.parse(m.group(2)), m.group(3), m.group(4), lines);
    }

    @Test
    void reportOfTamperedInstallationParsesBack() throws Exception {
        Installation inst = new Installation(tmp);
        KeyPair key = Installation.newKey();
        IntegrityManifest.build(inst.layout.sections(), key, inst.layout.manifest());
        Files.writeString(inst.dist.resolve("palisade"), "tampered");
        Files.delete(inst.data.resolve("applications/meter/app.bin"));
        Installation.write(inst.data.resolve("applications/new.bin"), "new");
        Instant now = Instant.parse("2026-11-25T21:00:07Z");
        IntegrityResult result = new IntegrityChecker(Clock.fixed(now, ZoneOffset.UTC))
                .check(inst.layout.sections(), inst.layout.manifest(), key.getPublic());
        String hostId = HostId.resolve(tmp.resolve("no-machine-id"), inst.data);
        Path out = tmp.resolve("report.txt");
        IntegrityReport.write(out, result, hostId, now);

        Parsed parsed = parse(Files.readAllBytes(out));
        assertThat(parsed.hostId()).isEqualTo(hostId);
        assertThat(parsed.time()).isEqualTo(now);
        assertThat(parsed.function()).isEqualTo("SHA-256");
        assertThat(parsed.lines()).hasSize(6).allMatch(l -> l.function().equals("SHA-256") && l.time().equals(now));
        assertThat(parsed.lines()).extracting(Line::path, Line::status).contains(
                org.assertj.core.groups.Tuple.tuple(inst.dist.resolve("palisade").toString(), "File content changed against reference!"),
                org.assertj.core.groups.Tuple.tuple(inst.data.resolve("applications/meter/app.bin").toString(),
                        "The file under integrity control was deleted or moved!"),
                org.assertj.core.groups.Tuple.tuple(inst.data.resolve("applications/new.bin").toString(),
                        "File isn't present in integrity database!"),
                org.assertj.core.groups.Tuple.tuple(inst.dist.resolve("palisade-cli/target/palisade.jar").toString(),
                        "File integrity verified successfully"));
        Line added = parsed.lines().stream().filter(l -> l.path().endsWith("new.bin")).findFirst().orElseThrow();
        assertThat(added.reference()).isEqualTo("0".repeat(64));
        assertThat(added.calculated()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("new".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void packageViolationReportParsesBack() throws Exception {
        Installation inst = new Installation(tmp);
        IntegrityResult result = new IntegrityChecker(Clock.systemUTC())
                .check(inst.layout.sections(), inst.layout.manifest(), Installation.newKey().getPublic());
        byte[] report = IntegrityReport.render(result, "0123456789abcdef0123456789abcdef", Instant.now());
        Parsed parsed = parse(report);
        assertThat(parsed.lines()).singleElement().satisfies(l -> {
            assertThat(l.status()).isEqualTo("Package integrity violation!");
            assertThat(l.reference()).isEqualTo("0".repeat(64));
        });
    }

    @Test
    void alteredReportFailsItsChecksum() throws Exception {
        Installation inst = new Installation(tmp);
        KeyPair key = Installation.newKey();
        IntegrityManifest.build(inst.layout.sections(), key, inst.layout.manifest());
        Files.writeString(inst.dist.resolve("palisade"), "tampered");
        IntegrityResult result = new IntegrityChecker(Clock.systemUTC()).check(inst.layout.sections(), inst.layout.manifest(), key.getPublic());
        String report = new String(IntegrityReport.render(result, "0123456789abcdef0123456789abcdef", Instant.now()), StandardCharsets.UTF_8);
        String hidden = report.replace("File content changed against reference!", "File integrity verified successfully");
        assertThat(hidden).isNotEqualTo(report);
        assertThatThrownBy(() -> parse(hidden.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("checksum mismatch");
    }

    @Test
    void hostIdPrefersMachineIdAndOtherwiseKeepsAGeneratedOne() throws Exception {
        Path machineId = tmp.resolve("machine-id");
        Files.writeString(machineId, "00112233445566778899aabbccddeeff\n");
        assertThat(HostId.resolve(machineId, tmp.resolve("data"))).isEqualTo("00112233445566778899aabbccddeeff");
        Path none = tmp.resolve("absent");
        String generated = HostId.resolve(none, tmp.resolve("data"));
        assertThat(generated).matches("[0-9a-f]{32}").isNotEqualTo("00112233445566778899aabbccddeeff");
        assertThat(HostId.resolve(none, tmp.resolve("data"))).isEqualTo(generated);
    }
}
