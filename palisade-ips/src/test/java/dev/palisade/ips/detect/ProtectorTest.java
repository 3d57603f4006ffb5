package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.ips.modbus.ModbusTransaction;
import dev.palisade.ips.mqtt.MqttTransaction;
import dev.palisade.ips.rules.Action;
import dev.palisade.ips.rules.Rule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protector over real captures of the application-protocol corpus (palisade-dataplane test
 * resources: mbpoll against pymodbus, mosquitto_pub against mosquitto): flows, protocol decision,
 * app-layer and packet rules, verdicts, reload without losing flow state.
 */
class ProtectorTest {

    static final Path CORPUS = Path.of("../palisade-dataplane/src/test/resources/appproto-corpus");

    /** Records everything the protector reports. */
    static final class Recorder implements ProtectorListener {
        final List<String> alerts = new ArrayList<>();
        final List<String> transactions = new ArrayList<>();
        final List<String> anomalies = new ArrayList<>();
        final List<String> flows = new ArrayList<>();

        @Override
        public void alert(PacketMeta packet, Flow flow, Rule rule, Object tx) {
            alerts.add(rule.sid() + (tx == null ? "" : tx instanceof ModbusTransaction ? " modbus" : " mqtt"));
        }

        @Override
        public void modbusTransaction(PacketMeta packet, Flow flow, ModbusTransaction tx) {
            transactions.add("modbus " + tx.id());
        }

        @Override
        public void mqttTransaction(PacketMeta packet, Flow flow, MqttTransaction tx) {
            transactions.add("mqtt " + tx.id());
        }

        @Override
        public void anomaly(PacketMeta packet, Flow flow, String app, String event, long txId) {
            anomalies.add(app + "." + event);
        }

        @Override
        public void flowEnded(Flow flow, long now) {
            flows.add(flow.appName() + " " + flow.clientPort() + "->" + flow.serverPort() + " " + flow.packets(0) + "/"
                    + flow.packets(1));
        }
    }

    static List<Inspection> run(Protector p, String capture) throws IOException {
        List<Inspection> out = new ArrayList<>();
        CapturedFrame f = new CapturedFrame();
        try (CaptureReader r = CaptureReader.open(CORPUS.resolve(capture))) {
            while (r.next(f)) {
                Inspection i = p.inspectFrame(f.buffer(), 0, f.length(), f.captureInterface().linkType(), f.timestampNanos());
                Inspection copy = new Inspection();
                copy.action = i.action;
                copy.rule = i.rule;
                copy.alerts = i.alerts;
                out.add(copy);
            }
        }
        p.finish();
        return out;
    }

    @Test
    void modbusPollIsDecodedAndMatchedOncePerTransaction() throws IOException {
        Recorder rec = new Recorder();
        CompiledRules rules = Packets.rules(
                "alert modbus any any -> any any (msg:\"read holding\"; modbus: function 3; sid:1;)",
                "drop modbus any any -> any any (msg:\"write\"; modbus: access write; sid:2;)",
                "alert tcp any any -> any 502 (msg:\"syn\"; flow:to_server; dsize:0; flags_placeholder; sid:3;)"
                        .replace(" flags_placeholder;", ""));
        Protector p = new Protector(rules, ProtectorSettings.DEFAULTS.withMidstream(false), rec);
        List<Inspection> verdicts = run(p, "modbus-502-mbpoll.pcap");
        assertThat(rec.transactions).containsExactly("modbus 1");
        assertThat(rec.alerts).filteredOn(a -> a.startsWith("1 ")).containsExactly("1 modbus");
        assertThat(rec.alerts).noneMatch(a -> a.startsWith("2"));
        assertThat(rec.flows).singleElement().asString().startsWith("modbus ");
        assertThat(verdicts).noneMatch(Inspection::blocks);
        assertThat(verdicts).anyMatch(v -> v.action() == Action.ALERT && v.sid() == 1);
    }

    @Test
    void mqttOnItsPortAndByContentOnAnother() throws IOException {
        for (String capture : List.of("mqtt-v311-1883-mosquitto.pcap", "mqtt-v5-8080-mosquitto.pcap", "mqtt-v31-1883-mosquitto.pcap")) {
            Recorder rec = new Recorder();
            CompiledRules rules = Packets.rules(
                    "alert mqtt any any -> any any (msg:\"publish\"; mqtt.type:PUBLISH; sid:1;)",
                    "reject mqtt any any -> any any (msg:\"connect\"; mqtt.type:CONNECT; sid:2;)");
            Protector p = new Protector(rules, ProtectorSettings.DEFAULTS, rec);
            List<Inspection> verdicts = run(p, capture);
            assertThat(rec.alerts).as(capture).containsExactlyInAnyOrder("2 mqtt", "1 mqtt");
            assertThat(rec.transactions).as(capture).contains("mqtt 1", "mqtt 2");
            assertThat(rec.flows).as(capture).singleElement().asString().startsWith("mqtt ");
            assertThat(verdicts).filteredOn(Inspection::blocks).singleElement()
                    .satisfies(v -> assertThat(v.sid()).isEqualTo(2));
        }
    }

    @Test
    void otherProtocolsAreNotInspectedAtTheApplicationLayer() throws IOException {
        Recorder rec = new Recorder();
        CompiledRules rules = Packets.rules("alert tcp any any -> any any (msg:\"GET\"; content:\"GET /\"; sid:9;)",
                "alert mqtt any any -> any any (msg:\"any mqtt\"; mqtt.type:CONNECT; sid:1;)");
        Protector p = new Protector(rules, ProtectorSettings.DEFAULTS, rec);
        run(p, "http-8081-curl.pcap");
        assertThat(rec.alerts).containsExactly("9");
        assertThat(rec.transactions).isEmpty();
        assertThat(rec.flows).singleElement().asString().startsWith("failed ");
    }

    @Test
    void withoutMidstreamAConnectionWithoutHandshakeIsNotDecoded() throws IOException {
        Recorder rec = new Recorder();
        Protector p = new Protector(Packets.rules(), ProtectorSettings.DEFAULTS.withMidstream(false), rec);
        // Skip the three handshake packets by feeding from the fourth on.
        CapturedFrame f = new CapturedFrame();
        int n = 0;
        try (CaptureReader r = CaptureReader.open(CORPUS.resolve("mqtt-v311-1883-mosquitto.pcap"))) {
            while (r.next(f)) {
                if (++n > 3) {
                    p.inspectFrame(f.buffer(), 0, f.length(), f.captureInterface().linkType(), f.timestampNanos());
                }
            }
        }
        p.finish();
        assertThat(rec.transactions).isEmpty();
        Recorder mid = new Recorder();
        Protector q = new Protector(Packets.rules(), ProtectorSettings.DEFAULTS.withMidstream(true), mid);
        n = 0;
        try (CaptureReader r = CaptureReader.open(CORPUS.resolve("mqtt-v311-1883-mosquitto.pcap"))) {
            while (r.next(f)) {
                if (++n > 3) {
                    q.inspectFrame(f.buffer(), 0, f.length(), f.captureInterface().linkType(), f.timestampNanos());
                }
            }
        }
        q.finish();
        assertThat(mid.transactions).isNotEmpty();
    }

    @Test
    void reloadKeepsFlowsAndEngineState() throws IOException {
        Recorder rec = new Recorder();
        Protector p = new Protector(Packets.rules(), ProtectorSettings.DEFAULTS.withMidstream(false), rec);
        CapturedFrame f = new CapturedFrame();
        int n = 0;
        try (CaptureReader r = CaptureReader.open(CORPUS.resolve("mqtt-v311-1883-mosquitto.pcap"))) {
            while (r.next(f)) {
                if (++n == 5) {
                    assertThat(p.flows()).isEqualTo(1);
                    p.reload(Packets.rules("alert mqtt any any -> any any (msg:\"publish\"; mqtt.type:PUBLISH; sid:7;)"));
                    assertThat(p.flows()).isEqualTo(1);
                }
                p.inspectFrame(f.buffer(), 0, f.length(), f.captureInterface().linkType(), f.timestampNanos());
            }
        }
        p.finish();
        assertThat(rec.alerts).containsExactly("7 mqtt");
    }

    @Test
    void aPassRulePassesTheWholeTcpFlow() throws IOException {
        Recorder rec = new Recorder();
        CompiledRules rules = Packets.rules(
                "pass tcp any any -> any 1883 (msg:\"trusted\"; flow:to_server; content:\"MQTT\"; sid:5;)",
                "alert mqtt any any -> any any (msg:\"publish\"; mqtt.type:PUBLISH; sid:1;)",
                "alert tcp any any -> any any (msg:\"any data\"; dsize:>0; sid:2;)");
        Protector p = new Protector(rules, ProtectorSettings.DEFAULTS, rec);
        List<Inspection> verdicts = run(p, "mqtt-v311-1883-mosquitto.pcap");
        int first = 0;
        while (verdicts.get(first).action() != Action.PASS) {
            first++;
        }
        assertThat(verdicts.subList(first, verdicts.size())).allSatisfy(v -> assertThat(v.sid()).isEqualTo(5));
        assertThat(rec.alerts).doesNotContain("1 mqtt");
        assertThat(rec.transactions).as("the engine still parses a passed flow").isNotEmpty();
    }

    private static byte[] udp(int src, int sport, int dst, int dport) {
        byte[] b = new byte[28 + 4];
        b[0] = 0x45;
        b[3] = (byte) b.length;
        b[8] = 64;
        b[9] = 17;
        b[12] = 10;
        b[15] = (byte) src;
        b[16] = 10;
        b[19] = (byte) dst;
        b[20] = (byte) (sport >>> 8);
        b[21] = (byte) sport;
        b[22] = (byte) (dport >>> 8);
        b[23] = (byte) dport;
        b[25] = 12;
        return b;
    }

    @Test
    void idleFlowsExpireInPacketTime() {
        Recorder rec = new Recorder();
        Protector p = new Protector(Packets.rules(), ProtectorSettings.DEFAULTS, rec);
        byte[] a = udp(1, 1000, 2, 2000);
        byte[] b = udp(3, 1000, 2, 2000);
        p.inspectIp(a, 0, a.length, 0);
        p.inspectIp(b, 0, b.length, 20_000_000_000L);
        assertThat(p.flows()).isEqualTo(2);
        p.inspectIp(b, 0, b.length, 31_000_000_000L);
        assertThat(p.flows()).as("the first (new, UDP: 30 s) expired").isEqualTo(1);
        assertThat(p.expiredFlows()).isEqualTo(1);
        assertThat(rec.flows).singleElement().asString().contains("1000->2000 1/0");
    }

    @Test
    void garbageFramesAreCountedNotThrown() {
        Protector p = new Protector(Packets.rules(), ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        byte[] junk = {0x45, 0, 0, 10, 1, 2};
        assertThat(p.inspectIp(junk, 0, junk.length, 0).malformed()).isTrue();
        assertThat(p.inspectFrame(junk, 0, 3, 1, 0).malformed()).isTrue();
        assertThat(p.malformed()).isEqualTo(2);
    }

    @Test
    void aClientSendingItsFirstRequestInPiecesIsStillInspected() {
        Recorder rec = new Recorder();
        Protector p = new Protector(Packets.rules(
                "alert modbus any any -> any any (msg:\"write register\"; modbus: function 6; sid:77;)"),
                ProtectorSettings.DEFAULTS.withMidstream(false), rec);
        // write single register: MBAP (tid 1, proto 0, length 6, unit 1), function 6, address 10, value 99
        byte[] request = {0, 1, 0, 0, 0, 6, 1, 6, 0, 10, 0, 99};
        String c = "10.0.0.5";
        String s = "10.0.0.9";
        byte[][] frames = {
            dev.palisade.testing.Frames.tcp(c, 40000, s, 502).syn().seq(100).build(),
            dev.palisade.testing.Frames.tcp(s, 502, c, 40000).synAck(101).seq(900).build(),
            dev.palisade.testing.Frames.tcp(c, 40000, s, 502).flags(0x10).seq(101).ack(901).build(),
            // the first three bytes alone: too few for the probe to decide on
            dev.palisade.testing.Frames.tcp(c, 40000, s, 502).flags(0x18).seq(101).ack(901)
                    .payload(java.util.Arrays.copyOfRange(request, 0, 3)).build(),
            dev.palisade.testing.Frames.tcp(c, 40000, s, 502).flags(0x18).seq(104).ack(901)
                    .payload(java.util.Arrays.copyOfRange(request, 3, request.length)).build(),
        };
        long t = 1_000_000_000L;
        for (byte[] f : frames) {
            p.inspectFrame(f, 0, f.length, 1, t += 1_000_000);
        }
        p.finish();
        assertThat(rec.alerts).contains("77 modbus");
        assertThat(rec.flows).singleElement().asString().startsWith("modbus");
    }
}
