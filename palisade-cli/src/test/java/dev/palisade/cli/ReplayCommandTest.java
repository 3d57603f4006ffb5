package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.LinkType;
import dev.palisade.capture.PcapngWriter;
import dev.palisade.capture.PcapWriter;
import dev.palisade.testing.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade replay} end to end: a capture built here, the command, its files and exit status. */
class ReplayCommandTest {

    static final String CONFIG = """
            {
              "MODE_SWITCH": {"router_mode": true},
              "NETWORK": {
                "LAN": {"IP": "192.168.1.1", "Mask": "255.255.255.0", "DHCPFlag": true,
                        "FirstDHCPAddress": "192.168.1.100", "LastDHCPAddress": "192.168.1.200",
                        "FirstDNSServer": "8.8.8.8", "SecondDNSServer": "8.8.4.4"},
                "WAN": {"IP": "198.51.100.2", "Mask": "255.255.255.0", "DHCPFlag": false,
                        "DefaultGateway": "198.51.100.1", "FirstDNSAddress": "8.8.8.8", "SecondDNSAddress": "8.8.4.4"},
                "NAT": {"masquerading": true},
                "FIREWALL": {"rules": [
                  {"status": true, "action": "accept", "ipAddrSource": "192.168.1.0/24", "ipAddrDest": "",
                   "portSource": "", "portDest": "502", "protocol": "tcp", "zone": "In"}
                ]}
              }
            }
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream err = console.err();

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String json) throws IOException {
        Path p = dir.resolve("config.json");
        Files.writeString(p, json);
        return p;
    }

    private Path capture(String... interfaceNames) throws IOException {
        Path p = dir.resolve("input.pcapng");
        try (PcapngWriter w = PcapngWriter.create(p)) {
            int[] ids = new int[interfaceNames.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = w.addInterface(interfaceNames[i], LinkType.ETHERNET);
            }
            long t = 1_700_000_000_000_000_000L;
            // 1: LAN client opens Modbus/TCP to a WAN server (custom-allow, masqueraded).
            byte[] f = Frames.tcp("192.168.1.30", 50000, "203.0.113.10", 502).syn().seq(1).build();
            w.write(ids[0], t, f, 0, f.length);
            // 2: the server answers to the WAN address (established-allow, translated back).
            f = Frames.tcp("203.0.113.10", 502, "198.51.100.2", 50000).synAck(2).seq(900).build();
            w.write(ids[1], t + 1_000, f, 0, f.length);
            // 3: unsolicited SYN from the WAN (preset-block).
            f = Frames.tcp("203.0.113.99", 4444, "192.168.1.30", 22).syn().build();
            w.write(ids[1], t + 2_000, f, 0, f.length);
            // 4: IPv6 from the LAN (preset-block).
            f = Frames.ethernet(0x86dd, new byte[40]);
            w.write(ids[0], t + 3_000, f, 0, f.length);
        }
        return p;
    }

    @Test
    void writesOneVerdictPerPacketAndTheFramesSent() throws IOException {
        Path verdicts = dir.resolve("v.jsonl");
        Path out = dir.resolve("out.pcapng");
        int status = Main.execute("replay", "--config", config(CONFIG).toString(), "--verdicts", verdicts.toString(),
                "--out", out.toString(), capture("lan", "wan").toString());
        assertThat(status).as(stderr()).isZero();
        assertThat(Files.readAllLines(verdicts)).containsExactly(
                "{\"index\": 1, \"verdict\": \"accept\", \"stage\": \"custom-allow\", \"rule\": 0, \"egress\": \"wan\"}",
                "{\"index\": 2, \"verdict\": \"accept\", \"stage\": \"established-allow\", \"rule\": null, \"egress\": \"lan\"}",
                "{\"index\": 3, \"verdict\": \"drop\", \"stage\": \"preset-block\", \"rule\": null, \"egress\": null}",
                "{\"index\": 4, \"verdict\": \"drop\", \"stage\": \"preset-block\", \"rule\": null, \"egress\": null, \"reason\": \"not-ipv4\"}");
        List<String> sent = describe(out);
        assertThat(sent).containsExactly(
                "wan 198.51.100.2:50000 > 203.0.113.10:502 ttl 63",
                "lan 203.0.113.10:502 > 192.168.1.30:50000 ttl 63");
        assertThat(stderr()).contains("4 packets").contains("custom-allow").contains("packets/s");
        assertThat(dir.toFile().list()).allMatch(name -> !name.endsWith(".tmp"));
    }

    @Test
    void emergencyModeBlocksWhatIsNotDecidedBefore() throws IOException {
        Path verdicts = dir.resolve("v.jsonl");
        int status = Main.execute("replay", "--emergency", "--config", config(CONFIG).toString(),
                "--verdicts", verdicts.toString(), capture("lan", "wan").toString());
        assertThat(status).isZero();
        assertThat(Files.readAllLines(verdicts).get(0)).contains("\"stage\": \"emergency-deny\"");
    }

    @Test
    void pcapWithIngressOption() throws IOException {
        Path p = dir.resolve("in.pcap");
        try (PcapWriter w = PcapWriter.create(p, LinkType.ETHERNET)) {
            byte[] f = Frames.udp("192.168.1.30", 5353, "192.168.1.1", 53).build();
            w.write(1_000_000_000L, f, 0, f.length);
        }
        Path verdicts = dir.resolve("v.jsonl");
        assertThat(Main.execute("replay", "--ingress", "lan", "--config", config(CONFIG).toString(),
                "--verdicts", verdicts.toString(), p.toString())).isZero();
        assertThat(Files.readAllLines(verdicts)).containsExactly(
                "{\"index\": 1, \"verdict\": \"accept\", \"stage\": \"preset-service-allow\", \"rule\": null, \"egress\": \"local\"}");
    }

    @Test
    void invalidConfigurationExitsTwoNamingThePathAndWritesNothing() throws IOException {
        Path verdicts = dir.resolve("v.jsonl");
        String bad = CONFIG.replace("\"portDest\": \"502\"", "\"portDest\": \"53\"");
        int status = Main.execute("replay", "--config", config(bad).toString(), "--verdicts", verdicts.toString(),
                capture("lan", "wan").toString());
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).contains("invalid configuration").contains("$.NETWORK.FIREWALL.rules[0].portDest");
        assertThat(verdicts).doesNotExist();
    }

    @Test
    void unreadableCaptureExitsTwo() throws IOException {
        Path junk = dir.resolve("junk.pcapng");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Path verdicts = dir.resolve("v.jsonl");
        assertThat(Main.execute("replay", "--config", config(CONFIG).toString(), "--verdicts", verdicts.toString(),
                junk.toString())).isEqualTo(2);
        assertThat(stderr()).contains("cannot read capture");
        assertThat(verdicts).doesNotExist();
        assertThat(Main.execute("replay", "--config", config(CONFIG).toString(), "--verdicts", verdicts.toString(),
                dir.resolve("missing.pcapng").toString())).isEqualTo(2);
        assertThat(stderr()).contains("does not exist");
    }

    @Test
    void interfacesMustBeNamedLanWanOrHost() throws IOException {
        Path verdicts = dir.resolve("v.jsonl");
        assertThat(Main.execute("replay", "--config", config(CONFIG).toString(), "--verdicts", verdicts.toString(),
                capture("eth0", "eth1").toString())).isEqualTo(2);
        assertThat(stderr()).contains("'eth0'").contains("lan, wan or host");
        assertThat(Main.execute("replay", "--ingress", "dmz", "--config", config(CONFIG).toString(),
                "--verdicts", verdicts.toString(), capture("lan", "wan").toString())).isEqualTo(2);
    }

    @Test
    void aBlockedProtocolIsRejectedAndBothEndsAreResetInTheOutput() throws IOException {
        String blockHttp = CONFIG.replace("\"NAT\": {\"masquerading\": true},",
                "\"NAT\": {\"masquerading\": true}, \"APP_PROTO\": {\"filtered_protos\": {\"ftp\": false, \"http\": true, "
                        + "\"imap\": false, \"modbus\": false, \"mqtt\": false, \"pop3\": false, \"smtp\": false}},")
                .replace("\"portDest\": \"502\"", "\"portDest\": \"8080\"");
        Path p = dir.resolve("http.pcapng");
        try (PcapngWriter w = PcapngWriter.create(p)) {
            int lan = w.addInterface("lan", LinkType.ETHERNET);
            int wan = w.addInterface("wan", LinkType.ETHERNET);
            long t = 1_700_000_000_000_000_000L;
            byte[][] frames = {
                Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 8080).syn().seq(100).build(),
                Frames.tcp("203.0.113.10", 8080, "198.51.100.2", 41000).synAck(101).seq(5000).build(),
                Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 8080).flags(0x10).seq(101).ack(5001).build(),
                Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 8080).flags(0x18).seq(101).ack(5001)
                        .payload("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).build(),
                Frames.tcp("203.0.113.10", 8080, "198.51.100.2", 41000).flags(0x18).seq(5001).ack(101).payload(20).build(),
            };
            int[] side = {lan, wan, lan, lan, wan};
            for (int i = 0; i < frames.length; i++) {
                w.write(side[i], t + i * 1000L, frames[i], 0, frames[i].length);
            }
        }
        Path verdicts = dir.resolve("v.jsonl");
        Path out = dir.resolve("out.pcapng");
        assertThat(Main.execute("replay", "--config", config(blockHttp).toString(), "--verdicts", verdicts.toString(),
                "--out", out.toString(), p.toString())).as(stderr()).isZero();
        List<String> lines = Files.readAllLines(verdicts);
        assertThat(lines.get(3)).contains("\"verdict\": \"reject\"").contains("\"stage\": \"app-proto-deny\"")
                .contains("\"reason\": \"http\"");
        assertThat(lines.get(4)).contains("\"verdict\": \"drop\"").contains("\"stage\": \"app-proto-deny\"");
        // SYN, SYN-ACK and ACK forwarded; then the two resets: to the client on the LAN (from the
        // server it talked to) and to the server on the WAN (from the client's masqueraded address).
        assertThat(describe(out)).containsExactly(
                "wan 198.51.100.2:41000 > 203.0.113.10:8080 ttl 63",
                "lan 203.0.113.10:8080 > 192.168.1.30:41000 ttl 63",
                "wan 198.51.100.2:41000 > 203.0.113.10:8080 ttl 63",
                "lan 203.0.113.10:8080 > 192.168.1.30:41000 ttl 64",
                "wan 198.51.100.2:41000 > 203.0.113.10:8080 ttl 64");
    }

    static List<String> describe(Path pcapng) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map<String, String> f : ReplayFixturesTest.sentFrames(pcapng)) {
            out.add(f.get("egress") + " " + f.get("src") + ":" + f.get("sport") + " > " + f.get("dst") + ":" + f.get("dport")
                    + " ttl " + f.get("ttl"));
        }
        return out;
    }
}
