package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.capture.LinkType;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Replays captures of real traffic (made in network namespaces by
 * scripts/fixtures/make-replay-fixtures.sh) and compares with the verdicts and sent frames
 * derived from the specification, packet by packet (each directory's README says why).
 */
class ReplayFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path resource(String scenario, String name) throws IOException {
        Path target = dir.resolve(scenario + "-" + name);
        try (InputStream in = ReplayFixturesTest.class.getResourceAsStream("/replay/" + scenario + "/" + name)) {
            assertThat(in).as("fixture %s/%s", scenario, name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "null" : v.asString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"router-masquerade", "router-port-forward", "diode"})
    void replayMatchesTheExpectedVerdictsAndFrames(String scenario) throws IOException {
        Path verdicts = dir.resolve(scenario + ".jsonl");
        Path out = dir.resolve(scenario + ".pcapng");
        int status = Main.execute("replay", "--config", resource(scenario, "config.json").toString(),
                "--verdicts", verdicts.toString(), "--out", out.toString(), resource(scenario, "input.pcapng").toString());
        assertThat(status).isZero();

        List<JsonNode> expected = jsonLines(resource(scenario, "expected-verdicts.jsonl"));
        List<JsonNode> actual = jsonLines(verdicts);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            for (String field : List.of("index", "verdict", "stage", "rule", "egress")) {
                assertThat(text(actual.get(i), field)).as("%s packet %d field %s", scenario, i + 1, field)
                        .isEqualTo(text(expected.get(i), field));
            }
        }

        List<JsonNode> expectedSent = jsonLines(resource(scenario, "expected-forwarded.jsonl"));
        List<Map<String, String>> sent = sentFrames(out);
        assertThat(sent).as("%s sent frames", scenario).hasSameSizeAs(expectedSent);
        for (int i = 0; i < expectedSent.size(); i++) {
            JsonNode e = expectedSent.get(i);
            Map<String, String> a = sent.get(i);
            for (String field : List.of("egress", "src", "dst", "ttl")) {
                assertThat(a.get(field)).as("%s sent frame %d (input %s) %s", scenario, i + 1, text(e, "input_index"), field)
                        .isEqualTo(text(e, field));
            }
            if (!e.get("sport").isNull()) {
                assertThat(a.get("sport")).as("%s sent frame %d sport", scenario, i + 1).isEqualTo(text(e, "sport"));
                assertThat(a.get("dport")).as("%s sent frame %d dport", scenario, i + 1).isEqualTo(text(e, "dport"));
            }
        }
    }

    /** The frames of the output capture, parsed with every checksum verified. */
    static List<Map<String, String>> sentFrames(Path pcapng) throws IOException {
        List<Map<String, String>> frames = new ArrayList<>();
        PacketParser parser = new PacketParser(true);
        PacketView v = new PacketView();
        try (CaptureReader r = CaptureReader.open(pcapng)) {
            CapturedFrame f = new CapturedFrame();
            while (r.next(f)) {
                byte[] b = Arrays.copyOf(f.buffer(), f.length());
                LinkLayer link = f.captureInterface().linkType() == LinkType.ETHERNET ? LinkLayer.ETHERNET : LinkLayer.RAW_IP;
                assertThat(parser.parse(b, 0, b.length, link, v)).as("sent frame well formed").isEqualTo(Malformation.NONE);
                boolean ported = v.protocol() == Ipv4.PROTOCOL_TCP || v.protocol() == Ipv4.PROTOCOL_UDP;
                frames.add(Map.of(
                        "egress", f.captureInterface().name(),
                        "src", Ipv4Address.format(v.source()),
                        "dst", Ipv4Address.format(v.destination()),
                        "sport", ported ? Integer.toString(v.sourcePort()) : "null",
                        "dport", ported ? Integer.toString(v.destinationPort()) : "null",
                        "ttl", Integer.toString(v.ttl())));
            }
        }
        return frames;
    }
}
