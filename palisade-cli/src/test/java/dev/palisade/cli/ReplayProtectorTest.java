package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.LinkType;
import dev.palisade.capture.PcapngWriter;
import dev.palisade.testing.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Network Protector enforcing in the gateway, end to end through {@code palisade replay}: a
 * Modbus/TCP session built here (LAN client, WAN server, masqueraded), real rules, the verdict
 * log, the frames sent and the engine's events.
 */
class ReplayProtectorTest {

    private static final String RULES = """
            alert modbus any any -> any any (msg:"Modbus read"; modbus: function 3; sid:1000001;)
            drop modbus any any -> any any (msg:"Modbus write \\"single\\""; modbus: access write; sid:1000002;)
            """;

    // MBAP header (transaction, protocol 0, length, unit 1) then the PDU.
    private static final byte[] READ = {0, 1, 0, 0, 0, 6, 1, /* read holding registers */ 3, 0, 0, 0, 1};
    private static final byte[] READ_RESPONSE = {0, 1, 0, 0, 0, 5, 1, 3, /* byte count */ 2, 0, 42};
    private static final byte[] WRITE = {0, 2, 0, 0, 0, 6, 1, /* write single register */ 6, 0, 1, 0, 7};

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream err = console.err();

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The router of ReplayCommandTest with the lists on and {@code extra} added to IDS_PROXY. */
    private Path config(String idsProxyExtra, String tail) throws IOException {
        String json = ReplayCommandTest.CONFIG.replace("\"NAT\": {\"masquerading\": true},",
                "\"NAT\": {\"masquerading\": true}, \"IDS_PROXY\": {\"IPSPFlag\": true, \"blockedListFlag\": true" + idsProxyExtra + "},");
        if (!tail.isEmpty()) {
            json = json.substring(0, json.lastIndexOf('}')) + ", " + tail + "}";
        }
        Path p = dir.resolve("config.json");
        Files.writeString(p, json);
        return p;
    }

    private Path rules(String text) throws IOException {
        Path p = dir.resolve("industrial_commands.rules");
        Files.writeString(p, text);
        return p;
    }

    /** One frame of the capture: its side and bytes. */
    private record Frame(boolean lan, byte[] bytes) {
    }

    /**
     * A Modbus session of {@code client}:{@code port} with 203.0.113.10:502: handshake, a read and
     * its answer, then {@code last} from the client (frames 1-6).
     */
    private static List<Frame> session(String client, int port, byte[] last) {
        String server = "203.0.113.10";
        return List.of(
                new Frame(true, Frames.tcp(client, port, server, 502).syn().seq(1000).build()),
                new Frame(false, Frames.tcp(server, 502, "198.51.100.2", port).synAck(1001).seq(5000).build()),
                new Frame(true, Frames.tcp(client, port, server, 502).flags(0x10).seq(1001).ack(5001).build()),
                new Frame(true, Frames.tcp(client, port, server, 502).flags(0x18).seq(1001).ack(5001).payload(READ).build()),
                new Frame(false, Frames.tcp(server, 502, "198.51.100.2", port).flags(0x18).seq(5001).ack(1013).payload(READ_RESPONSE).build()),
                new Frame(true, Frames.tcp(client, port, server, 502).flags(0x18).seq(1013).ack(5012).payload(last).build()));
    }

    private Path capture(List<Frame> frames) throws IOException {
        Path p = dir.resolve("modbus.pcapng");
        try (PcapngWriter w = PcapngWriter.create(p)) {
            int lan = w.addInterface("lan", LinkType.ETHERNET);
            int wan = w.addInterface("wan", LinkType.ETHERNET);
            long t = 1_700_000_000_000_000_000L;
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                w.write(f.lan() ? lan : wan, t + i * 1000L, f.bytes(), 0, f.bytes().length);
            }
        }
        return p;
    }

    /** The write session, then the client tries a new connection (frame 7). */
    private static List<Frame> writeThenNewConnection() {
        List<Frame> frames = new ArrayList<>(session("192.168.1.30", 50000, WRITE));
        frames.add(new Frame(true, Frames.tcp("192.168.1.30", 50001, "203.0.113.10", 502).syn().seq(7000).build()));
        return frames;
    }

    private List<String> replay(Path config, Path capture, Path out, String... extra) throws IOException {
        Path verdicts = dir.resolve("verdicts.jsonl");
        List<String> args = new ArrayList<>(List.of("replay", "--config", config.toString(), "--verdicts", verdicts.toString()));
        if (out != null) {
            args.addAll(List.of("--out", out.toString()));
        }
        args.addAll(List.of(extra));
        args.add(capture.toString());
        assertThat(Main.execute(args.toArray(String[]::new))).as(stderr()).isZero();
        return Files.readAllLines(verdicts);
    }

    @Test
    void aModbusWriteIsDroppedWhileReadsPassAndItsSourceIsThenDenylisted() throws IOException {
        List<String> lines = replay(config("", ""), capture(writeThenNewConnection()), null, "--rules", rules(RULES).toString());
        for (int i = 0; i < 5; i++) {
            assertThat(lines.get(i)).as(lines.get(i)).contains("\"verdict\": \"accept\"");
        }
        // The read alerted (recorded with its sid) and passed.
        assertThat(lines.get(3)).contains("\"sid\": 1000001");
        assertThat(lines.get(5)).contains("\"verdict\": \"drop\"").contains("\"stage\": \"ips-block\"")
                .contains("\"sid\": 1000002").contains("\"reason\": \"Modbus write \\\"single\\\"\"");
        assertThat(lines.get(6)).contains("\"verdict\": \"drop\"").contains("\"stage\": \"ip-denylist\"");
        assertThat(stderr()).contains("SourceBlocked[source=" + Frames.ip("192.168.1.30") + ", sid=1000002")
                .contains("denylisted by the Network Protector: 1 source(s)");
    }

    @Test
    void theProtectorConfiguredInTheDocumentIsUsedWithoutRulesOption() throws IOException {
        String base64 = Base64.getEncoder().encodeToString(RULES.getBytes(StandardCharsets.UTF_8));
        Path config = config("", """
                "APPLICATIONS": {"APPS_CONTROL": {"applications": [{"package_id": "palisade.netprotector", "execute": true, "configured": true}]}},
                "palisade.netprotector": {"APP_CONFIGURATION": {"industrial_commands_rules": "%s", "industrial_anomaly_rules": ""}}
                """.formatted(base64));
        List<String> lines = replay(config, capture(writeThenNewConnection()), null);
        assertThat(lines.get(4)).contains("\"verdict\": \"accept\"");
        assertThat(lines.get(5)).contains("\"stage\": \"ips-block\"").contains("\"sid\": 1000002");
        assertThat(lines.get(6)).contains("\"stage\": \"ip-denylist\"");
    }

    @Test
    void anAllowlistedSourceIsNeverBlockedButItsMatchesAreRecorded() throws IOException {
        List<String> lines = replay(config(", \"allowList\": [{\"ipAddrSource\": \"192.168.1.30\"}]", ""),
                capture(writeThenNewConnection()), null, "--rules", rules(RULES).toString());
        assertThat(lines.get(5)).contains("\"verdict\": \"accept\"").contains("\"stage\": \"ip-allowlist\"")
                .contains("\"sid\": 1000002");
        assertThat(lines.get(6)).contains("\"verdict\": \"accept\"");
        assertThat(stderr()).doesNotContain("SourceBlocked");
    }

    @Test
    void aRejectRuleResetsBothEnds() throws IOException {
        Path out = dir.resolve("out.pcapng");
        List<String> lines = replay(config("", ""), capture(session("192.168.1.30", 50000, WRITE)), out,
                "--rules", rules(RULES.replace("drop modbus", "reject modbus")).toString());
        assertThat(lines.get(5)).contains("\"verdict\": \"reject\"").contains("\"stage\": \"ips-block\"").contains("\"sid\": 1000002");
        // Five frames forwarded, then the resets: to the client on the LAN from the server it
        // addressed, and to the server on the WAN from the client's masqueraded address.
        assertThat(ReplayCommandTest.describe(out)).containsExactly(
                "wan 198.51.100.2:50000 > 203.0.113.10:502 ttl 63",
                "lan 203.0.113.10:502 > 192.168.1.30:50000 ttl 63",
                "wan 198.51.100.2:50000 > 203.0.113.10:502 ttl 63",
                "wan 198.51.100.2:50000 > 203.0.113.10:502 ttl 63",
                "lan 203.0.113.10:502 > 192.168.1.30:50000 ttl 63",
                "lan 203.0.113.10:502 > 192.168.1.30:50000 ttl 64",
                "wan 198.51.100.2:50000 > 203.0.113.10:502 ttl 64");
    }

    @Test
    void theMonitorSwitchTurnsDropsIntoAlerts() throws IOException {
        List<String> lines = replay(config("", ""), capture(writeThenNewConnection()), null,
                "--rules", rules(RULES).toString(), "--ips-monitor");
        assertThat(lines.get(5)).contains("\"verdict\": \"accept\"").contains("\"sid\": 1000002");
        assertThat(lines.get(6)).contains("\"verdict\": \"accept\"");
        assertThat(stderr()).doesNotContain("SourceBlocked");
    }

    @Test
    void badRulesKeepTransitBlockedAndRaiseTheEmergencyEvent() throws IOException {
        List<String> lines = replay(config("", ""), capture(writeThenNewConnection()), null,
                "--rules", rules("drop modbus any any -> any any (msg:\"x\"; modbus: access sideways; sid:5;)\n").toString());
        // Nothing gets through: the SYNs the firewall accepts stop at ips-stopped, the rest of the
        // session has no connection to belong to.
        assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"verdict\": \"drop\""));
        assertThat(lines.get(0)).contains("\"stage\": \"ips-stopped\"");
        assertThat(lines.get(6)).contains("\"stage\": \"ips-stopped\"");
        assertThat(stderr()).contains("ProtectorFailed").contains("industrial_commands.rules:1:");
    }

    @Test
    void aConfiguredProtectorWithoutRulesFailsToo() throws IOException {
        Path config = config("", """
                "APPLICATIONS": {"APPS_CONTROL": {"applications": [{"package_id": "palisade.netprotector", "execute": true, "configured": true}]}}
                """);
        List<String> lines = replay(config, capture(writeThenNewConnection()), null);
        assertThat(lines.getFirst()).contains("\"stage\": \"ips-stopped\"");
        assertThat(stderr()).contains("ProtectorFailed[reason=no rules configured]");
    }

    @Test
    void atTheDenylistLimitThePacketIsStillDroppedAndTheLimitEventRaised() throws IOException {
        // 999 configured entries: the first blocked source takes the last place, the second finds none.
        StringBuilder entries = new StringBuilder(", \"blockedList\": [");
        for (int i = 0; i < 999; i++) {
            entries.append(i == 0 ? "" : ", ").append("{\"ipAddrSource\": \"10.9.").append(i / 250).append('.').append(i % 250 + 1).append("\"}");
        }
        entries.append(']');
        List<Frame> frames = new ArrayList<>(session("192.168.1.30", 50000, WRITE));
        frames.addAll(session("192.168.1.31", 50002, WRITE));
        List<String> lines = replay(config(entries.toString(), ""), capture(frames), null, "--rules", rules(RULES).toString());
        assertThat(lines.get(5)).contains("\"stage\": \"ips-block\"");
        assertThat(lines.get(11)).contains("\"verdict\": \"drop\"").contains("\"stage\": \"ips-block\"");
        assertThat(stderr()).contains("SourceBlocked[source=" + Frames.ip("192.168.1.30"))
                .contains("DenylistFull[source=" + Frames.ip("192.168.1.31") + ", limit=1000");
    }
}
