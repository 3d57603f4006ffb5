package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.ips.mqtt.MqttFrame;
import dev.palisade.ips.rules.Rule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code frame:} rules through the protector over a real mosquitto_pub conversation (MQTT 3.1.1,
 * palisade-dataplane's appproto corpus). Its packets, numbered from 1: 4 CONNECT (25 bytes,
 * client), 6 CONNACK (server), 8 PUBLISH "corpus/temperature" (28 bytes, client), 9 PUBACK
 * (server), 10 DISCONNECT (client), the rest empty ACKs and FINs (5, 7 and 12 from the server).
 */
class FrameRulesTest {

    /** Alerts as "sid@packet type id offset length". */
    static List<String> run(String... rules) throws IOException {
        List<String> out = new ArrayList<>();
        ProtectorListener rec = new ProtectorListener() {
            @Override
            public void alert(PacketMeta packet, Flow flow, Rule rule, Object tx) {
                if (tx instanceof MqttFrame f) {
                    out.add(rule.sid() + "@" + packet.number() + " " + f.type().frameName() + " " + f.id() + " @"
                            + f.streamOffset() + " " + f.length() + (f.direction() == 0 ? " toserver" : " toclient"));
                } else {
                    out.add(rule.sid() + "@" + packet.number() + " " + (tx == null ? "packet" : "tx"));
                }
            }
        };
        Protector p = new Protector(Packets.rules(rules), ProtectorSettings.DEFAULTS, rec);
        CapturedFrame f = new CapturedFrame();
        try (CaptureReader r = CaptureReader.open(ProtectorTest.CORPUS.resolve("mqtt-v311-1883-mosquitto.pcap"))) {
            while (r.next(f)) {
                p.inspectFrame(f.buffer(), 0, f.length(), f.captureInterface().linkType(), f.timestampNanos());
            }
        }
        p.finish();
        return out;
    }

    @Test
    void eachFrameTypeIsInspectedOnItsDirectionsNextPacketAfterThePeersAsSuricataIdsDoes() throws IOException {
        assertThat(run(
                "alert mqtt any any -> any any (msg:\"connect pdu\"; frame:pdu; content:\"|10 17 00 04|MQTT\"; startswith; bsize:25; sid:1;)",
                "alert mqtt any any -> any any (msg:\"connack header\"; frame:mqtt.header; content:\"|20 02|\"; sid:2;)",
                "alert mqtt any any -> any any (msg:\"publish data\"; frame:data; content:\"corpus/temperature\"; sid:3;)",
                "alert mqtt any any -> any any (msg:\"disconnect\"; flow:to_server; frame:header; content:\"|e0 00|\"; sid:4;)"))
                .containsExactly(
                        // CONNECT (packet 4) is due once the server sent packet 5, inspected on packet 7
                        "1@7 pdu 2 @0 25 toserver",
                        // CONNACK (6): the client's 7 makes it due, the server's 9 inspects it
                        "2@9 header 3 @0 2 toclient",
                        // PUBLISH (8): data frame after its 2-byte fixed header, stream offset 25 + 2
                        "3@10 data 7 @27 26 toserver",
                        // DISCONNECT (10): the server's FIN (12) ends the connection, and the frames
                        // still waiting are inspected on that last packet (a to_server rule still fits)
                        "4@12 header 9 @53 2 toserver");
    }

    @Test
    void aRuleMatchesEachFrameItFits() throws IOException {
        // every client packet's header frame (CONNECT, PUBLISH, DISCONNECT), not the server's
        assertThat(run("alert mqtt any any -> any any (msg:\"client header\"; flow:to_server; frame:header; bsize:2; sid:5;)"))
                .extracting(s -> s.substring(0, s.indexOf(' ') + 1) + s.split(" ")[2])
                .containsExactly("5@7 3", "5@10 6", "5@12 9");
    }

    @Test
    void frameRulesNeedNoEngineWorkWithoutThemAndDoNotDisturbTransactionRules() throws IOException {
        assertThat(run("alert mqtt any any -> any any (msg:\"publish\"; mqtt.type:PUBLISH; sid:6;)"))
                .containsExactly("6@8 tx");
        assertThat(run("alert mqtt any any -> any any (msg:\"publish\"; mqtt.type:PUBLISH; sid:6;)",
                "alert mqtt any any -> any any (msg:\"pub pdu\"; frame:pdu; content:\"|32 1a|\"; startswith; sid:7;)"))
                .containsExactlyInAnyOrder("6@8 tx", "7@10 pdu 5 @25 28 toserver");
    }

    @Test
    void aFrameRuleMixedWithTransactionKeywordsLoadsButNeverMatches() {
        CompiledRules rules = Packets.rules(
                "alert mqtt any any -> any any (msg:\"mix\"; mqtt.type:PUBLISH; frame:pdu; content:\"|32|\"; sid:8;)",
                "alert mqtt any any -> any any (msg:\"ok\"; frame:pdu; content:\"|32|\"; sid:9;)");
        assertThat(rules.unmatchable()).extracting(Rule::sid).containsExactly(8L);
        assertThat(rules.hasFrameRules()).isTrue();
        assertThat(Packets.rules("alert mqtt any any -> any any (msg:\"t\"; mqtt.type:PUBLISH; sid:1;)").hasFrameRules()).isFalse();
    }

    @Test
    void aPassFrameRuleStopsTheRestOfTheFlow() throws IOException {
        String publish = "alert mqtt any any -> any any (msg:\"publish\"; mqtt.type:PUBLISH; sid:11;)";
        assertThat(run(publish)).containsExactly("11@8 tx");
        assertThat(run("pass mqtt any any -> any any (msg:\"trusted client\"; frame:pdu; content:\"corpus-v311\"; sid:10;)",
                publish))
                .as("the CONNECT pdu frame passes the flow at packet 7, before the PUBLISH (pass rules raise no alert)")
                .isEmpty();
    }
}
