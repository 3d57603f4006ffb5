package dev.palisade.ips.mqtt;

import static dev.palisade.ips.mqtt.MqttPackets.ack;
import static dev.palisade.ips.mqtt.MqttPackets.body;
import static dev.palisade.ips.mqtt.MqttPackets.concat;
import static dev.palisade.ips.mqtt.MqttPackets.connack;
import static dev.palisade.ips.mqtt.MqttPackets.connect;
import static dev.palisade.ips.mqtt.MqttPackets.publish;
import static dev.palisade.ips.mqtt.MqttPackets.suback;
import static dev.palisade.ips.mqtt.MqttPackets.subscribe;
import static dev.palisade.ips.mqtt.MqttPackets.unsuback;
import static dev.palisade.ips.mqtt.MqttPackets.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Framing, transactions and anomaly events of {@link MqttSession}, for protocol levels 3, 4 and 5. */
class MqttSessionTest {

    /** One call of the stream: direction and bytes. */
    record Turn(int direction, byte[] bytes) {
    }

    static Turn c(byte[]... b) {
        return new Turn(0, concat(b));
    }

    static Turn s(byte[]... b) {
        return new Turn(1, concat(b));
    }

    static Recorder run(MqttLimits limits, List<Turn> turns) {
        Recorder r = new Recorder();
        MqttSession session = new MqttSession(7, limits, r);
        for (Turn t : turns) {
            session.data(t.direction(), t.bytes(), 0, t.bytes().length);
        }
        session.close();
        return r;
    }

    static Recorder run(List<Turn> turns) {
        return run(MqttLimits.DEFAULTS, turns);
    }

    /** A whole conversation with every packet type of the level. */
    static List<Turn> conversation(int level) {
        List<Turn> t = new ArrayList<>();
        t.add(c(connect(level, "client-" + level)));
        t.add(s(connack(level, 0)));
        t.add(c(publish(level, 0, 0, "a/b", "zero"), publish(level, 1, 10, "a/b", "one")));
        t.add(s(ack(4, 10)));
        t.add(c(publish(level, 2, 11, "a/c", "two")));
        t.add(s(ack(5, 11)));
        t.add(c(ack(6, 11)));
        t.add(s(ack(7, 11)));
        t.add(c(subscribe(level, 12, "x/#", "y/+")));
        t.add(s(suback(level, 12, 1, 0x80)));
        t.add(c(unsubscribe(level, 13, "x/#")));
        t.add(s(unsuback(level, 13, 0)));
        t.add(c(MqttPackets.PINGREQ));
        t.add(s(MqttPackets.PINGRESP));
        t.add(c(MqttPackets.DISCONNECT));
        return t;
    }

    static final List<String> CONVERSATION_TYPES = List.of("connect+connack", "publish", "publish+puback",
            "publish+pubrec+pubrel+pubcomp", "subscribe+suback", "unsubscribe+unsuback", "pingreq", "pingresp", "disconnect");

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5})
    void everyPacketTypeGroupedIntoTransactions(int level) {
        Recorder r = run(conversation(level));
        assertThat(r.types()).isEqualTo(CONVERSATION_TYPES);
        assertThat(r.anomalies).isEmpty();
        assertThat(r.completed.get(0).eve().at("/connect/protocol_version").asInt()).isEqualTo(level);
        assertThat(r.completed.get(0).eve().at("/connect/protocol_string").asString()).isEqualTo(level == 3 ? "MQIsdp" : "MQTT");
        assertThat(r.completed.get(0).eve().at("/connect/client_id").asString()).isEqualTo("client-" + level);
        assertThat(r.completed.get(2).eve().at("/publish/message_id").asInt()).isEqualTo(10);
        assertThat(r.completed.get(2).eve().at("/puback/message_id").asInt()).isEqualTo(10);
        assertThat(r.completed.get(4).eve().at("/suback/qos_granted").toString()).isEqualTo("[1,128]");
        assertThat(r.completed.get(4).eve().at("/subscribe/topics").toString())
                .isEqualTo("[{\"topic\":\"x/#\",\"qos\":1},{\"topic\":\"y/+\",\"qos\":1}]");
        assertThat(r.completed.get(5).eve().at("/unsubscribe/topics").toString()).isEqualTo("[\"x/#\"]");
        // MQTT 5.0 acknowledgements without a reason code read as 0 (success); earlier levels have none.
        assertThat(r.completed.get(2).eve().at("/puback").has("reason_code")).isEqualTo(level == 5);
        assertThat(r.completed.get(8).eve().at("/disconnect").has("reason_code")).isEqualTo(level == 5);
        assertThat(r.completed.get(3).direction()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5})
    void everySplitOfTheStreamGivesTheSameResult(int level) {
        List<Turn> whole = conversation(level);
        String expected = summary(run(whole));
        // Byte by byte.
        List<Turn> bytes = new ArrayList<>();
        for (Turn t : whole) {
            for (byte b : t.bytes()) {
                bytes.add(new Turn(t.direction(), new byte[] {b}));
            }
        }
        assertThat(summary(run(bytes))).isEqualTo(expected);
        // Every two-way split of every turn, one turn at a time.
        for (int i = 0; i < whole.size(); i++) {
            Turn t = whole.get(i);
            for (int cut = 1; cut < t.bytes().length; cut++) {
                List<Turn> split = new ArrayList<>(whole);
                split.set(i, new Turn(t.direction(), java.util.Arrays.copyOfRange(t.bytes(), 0, cut)));
                split.add(i + 1, new Turn(t.direction(), java.util.Arrays.copyOfRange(t.bytes(), cut, t.bytes().length)));
                assertThat(summary(run(split))).as("turn %d cut %d", i, cut).isEqualTo(expected);
            }
        }
        // Random chunks of all the client bytes together (several packets per call) are tested in framingOfBackToBackPackets.
    }

    @Test
    void framingOfBackToBackPacketsInRandomChunks() {
        // 200 QoS 0 publishes of growing size (remaining lengths of one, two and three bytes) in one stream.
        List<byte[]> packets = new ArrayList<>();
        packets.add(connect(4, "c"));
        for (int i = 0; i < 200; i++) {
            packets.add(publish(4, 0, 0, "t", "x".repeat(i * i * 5)));
        }
        byte[] stream = concat(packets.toArray(byte[][]::new));
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 20; round++) {
            Recorder r = new Recorder();
            MqttSession session = new MqttSession(1, MqttLimits.DEFAULTS, r);
            int off = 0;
            while (off < stream.length) {
                int n = Math.min(stream.length - off, 1 + random.nextInt(round < 10 ? 7 : 70000));
                session.data(0, stream, off, n);
                off += n;
            }
            assertThat(session.bufferedBytes()).isZero();
            session.close();
            assertThat(r.completed).hasSize(201);
            assertThat(r.completed.get(200).types()).isEqualTo("connect");
            for (int i = 0; i < 200; i++) {
                assertThat(r.completed.get(i).eve().at("/publish/message").asString()).hasSize(Math.min(i * i * 5, 1024) + (i * i * 5 > 1024 ? ("[truncated " + (i * i * 5 - 1024) + " additional bytes]").length() : 0));
            }
        }
    }

    static String summary(Recorder r) {
        return r.completed.stream().map(t -> t.types() + t.events() + t.eve()).toList() + " " + r.anomalies;
    }

    @Test
    void remainingLengthAcrossCalls() {
        byte[] big = publish(4, 0, 0, "t", "p".repeat(20000)); // remaining length in three bytes
        assertThat(big[1] & 0x80).isNotZero();
        assertThat(big[2] & 0x80).isNotZero();
        for (int cut = 1; cut <= 4; cut++) {
            Recorder r = run(List.of(new Turn(0, java.util.Arrays.copyOf(big, cut)), new Turn(0, java.util.Arrays.copyOfRange(big, cut, big.length))));
            assertThat(r.types()).containsExactly("publish");
            assertThat(r.completed.get(0).eve().at("/publish/topic").asString()).isEqualTo("t");
        }
    }

    // Anomaly events, as Suricata raises them.

    @Test
    void missingConnect() {
        Recorder r = run(List.of(s(connack(4, 0))));
        assertThat(r.only().events()).containsExactly("missing_connect");
    }

    @Test
    void missingPublishForEveryAcknowledgement() {
        for (int type = 4; type <= 7; type++) {
            Recorder r = run(List.of(c(connect(4, "c")), s(connack(4, 0)), s(ack(type, 99))));
            assertThat(r.completed.get(1).events()).as("type %d", type).containsExactly("missing_publish");
        }
    }

    @Test
    void missingSubscribeAndUnsubscribe() {
        Recorder r = run(List.of(c(connect(4, "c")), s(connack(4, 0)), s(suback(4, 5, 0)), s(unsuback(4, 6))));
        assertThat(r.completed.get(1).events()).containsExactly("missing_subscribe");
        assertThat(r.completed.get(2).events()).containsExactly("missing_unsubscribe");
    }

    @Test
    void doubleConnect() {
        Recorder r = run(List.of(c(connect(4, "c")), s(connack(4, 0)), c(connect(4, "c"))));
        assertThat(r.completed.get(1).events()).containsExactly("double_connect");
        assertThat(r.anomalies).containsExactly("double_connect");
    }

    @Test
    void unintroducedMessagesBeforeConnack() {
        Recorder r = run(List.of(c(MqttPackets.PINGREQ), s(MqttPackets.PINGRESP), c(publish(4, 0, 0, "t", "m")),
                c(subscribe(4, 1, "t")), c(MqttPackets.DISCONNECT)));
        assertThat(r.anomalies).containsExactly("unintroduced_message", "unintroduced_message", "unintroduced_message",
                "unintroduced_message", "unintroduced_message");
        // The still open SUBSCRIBE is completed at close.
        assertThat(r.types()).containsExactly("pingreq", "pingresp", "publish", "disconnect", "subscribe");
    }

    @Test
    void invalidQosLevel() {
        byte[] qos3 = body().str("t").u16(1).raw("m").packet(3, 0x06);
        Recorder r = run(List.of(c(connect(4, "c")), s(connack(4, 0)), c(qos3)));
        assertThat(r.completed.get(1).events()).containsExactly("invalid_qos_level");
        assertThat(r.completed.get(1).eve().at("/publish/qos").asInt()).isEqualTo(3);
    }

    @Test
    void missingMessageIdWhenThePublishEndsBeforeIt() {
        // QoS 1 needs a packet id: a PUBLISH whose body ends right after the topic cannot be read.
        byte[] noId = body().str("t").packet(3, 0x02);
        Recorder r = run(List.of(c(connect(4, "c")), s(connack(4, 0)), c(noId)));
        assertThat(r.anomalies).containsExactly("malformed_traffic");
        assertThat(MqttEvent.byName("missing_msg_id")).isEqualTo(MqttEvent.MISSING_MSG_ID);
    }

    @Test
    void unassignedMessageType() {
        Recorder r = run(List.of(c(connect(4, "c")), s(connack(4, 0)), c(new byte[] {0x00, 0x02, 1, 2}), c(MqttPackets.PINGREQ)));
        assertThat(r.completed.get(1).events()).containsExactly("unassigned_msg_type");
        assertThat(r.completed.get(1).eve().isEmpty()).isTrue();
        assertThat(r.types()).containsExactly("connect+connack", "unassigned", "pingreq");
    }

    @Test
    void tooManyTransactionsClosesTheOldestOpenOne() {
        MqttLimits limits = new MqttLimits(1 << 20, 3, 1024);
        List<Turn> turns = new ArrayList<>(List.of(c(connect(4, "c")), s(connack(4, 0))));
        for (int id = 1; id <= 5; id++) {
            turns.add(c(publish(4, 1, id, "t", "m")));
        }
        Recorder r = run(limits, turns);
        assertThat(r.anomalies).containsExactly("too_many_transactions", "too_many_transactions");
        assertThat(r.completed.get(1).eve().at("/publish/message_id").asInt()).isEqualTo(1);
        assertThat(r.completed.get(1).events()).containsExactly("too_many_transactions");
        assertThat(r.completed.get(2).eve().at("/publish/message_id").asInt()).isEqualTo(2);
        assertThat(r.completed).hasSize(6);
    }

    @Test
    void tooManyMessagesInOneTransaction() {
        MqttLimits limits = new MqttLimits(1 << 20, 16, 3);
        Recorder r = run(limits, List.of(c(connect(5, "c")), s(connack(5, 0)), c(publish(5, 2, 9, "t", "m")),
                s(ack(5, 9)), c(ack(6, 9)), s(ack(5, 9)), c(ack(6, 9)), s(ack(7, 9))));
        assertThat(r.anomalies).containsExactly("too_many_messages");
        assertThat(r.completed.get(1).types()).isEqualTo("publish+pubrec+pubrel+pubcomp");
        assertThat(r.completed.get(1).events()).containsExactly("too_many_messages");
    }

    // Malformed traffic: counted once, and the connection is no longer inspected.

    @Test
    void remainingLengthOfFiveBytesIsMalformed() {
        Recorder r = run(List.of(c(new byte[] {0x30, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}), c(MqttPackets.PINGREQ)));
        assertThat(r.anomalies).containsExactly("malformed_traffic");
        assertThat(r.types()).containsExactly("");
    }

    @Test
    void fieldsRunningPastTheBodyAreMalformed() {
        List<byte[]> bad = List.of(
                body().str("MQTT").u8(4).packet(1, 0), // CONNECT without flags and keep-alive
                body().str("MQTT").u8(4).u8(0x80).u16(60).str("c").packet(1, 0), // username flag, no username
                body().u8(0).packet(2, 0), // CONNACK of one byte
                body().u16(10).packet(8, 2), // SUBSCRIBE without a topic
                body().u8(1).packet(4, 0), // PUBACK of one byte
                body().raw(new byte[] {0, 50, 'a'}).packet(3, 0)); // topic longer than the packet
        for (byte[] p : bad) {
            Recorder r = run(List.of(c(p), c(MqttPackets.PINGREQ)));
            assertThat(r.anomalies).as(java.util.HexFormat.of().formatHex(p)).containsExactly("malformed_traffic");
            assertThat(r.completed).hasSize(1);
        }
    }

    @Test
    void propertyLengthBeyondThePacketIsMalformed() {
        // The suricata-verify mqtt5-excessiveproplen case: a property length larger than what follows.
        byte[] p = body().str("MQTT").u8(5).u8(0x02).u16(60).varint(200).u8(0x11).u32(5).str("c").packet(1, 0);
        Recorder r = run(List.of(c(p)));
        assertThat(r.anomalies).containsExactly("malformed_traffic");
    }

    // Limits.

    @Test
    void oversizedMessageIsSkippedAcrossCallsAndReportedTruncated() {
        MqttLimits limits = new MqttLimits(100, 1024, 1024);
        byte[] big = publish(4, 1, 2, "t", "y".repeat(5000));
        List<Turn> turns = new ArrayList<>(List.of(c(connect(4, "c")), s(connack(4, 0))));
        for (int off = 0; off < big.length; off += 1000) {
            turns.add(new Turn(0, java.util.Arrays.copyOfRange(big, off, Math.min(big.length, off + 1000))));
        }
        turns.add(c(publish(4, 1, 3, "t", "small"), MqttPackets.DISCONNECT));
        turns.add(s(ack(4, 2), ack(4, 3)));
        Recorder r = run(limits, turns);
        assertThat(r.types()).containsExactly("connect+connack", "publish", "disconnect", "puback", "publish+puback");
        var truncated = r.completed.get(1).eve().get("publish");
        assertThat(truncated.get("truncated").asBoolean()).isTrue();
        assertThat(truncated.get("skipped_length").asLong()).isEqualTo(big.length);
        assertThat(truncated.get("qos").asInt()).isEqualTo(1);
        assertThat(truncated.has("topic")).isFalse();
        // The truncated PUBLISH has no id, so its PUBACK is an orphan, as in Suricata (mqtt-limit-2).
        assertThat(r.completed.get(3).events()).containsExactly("missing_publish");
        assertThat(r.completed.get(4).eve().at("/publish/message").asString()).isEqualTo("small");
    }

    @Test
    void oversizedHeaderArrivingInPieces() {
        MqttLimits limits = new MqttLimits(100, 1024, 1024);
        byte[] big = publish(4, 0, 0, "t", "y".repeat(300));
        byte[] stream = concat(big, MqttPackets.PINGREQ);
        List<Turn> turns = new ArrayList<>();
        for (byte b : stream) {
            turns.add(new Turn(0, new byte[] {b}));
        }
        Recorder r = run(limits, turns);
        assertThat(r.types()).containsExactly("publish", "pingreq");
        assertThat(r.completed.get(0).eve().at("/publish/skipped_length").asInt()).isEqualTo(big.length);
    }

    @Test
    void bufferedBytesStayWithinTheMessageLimit() {
        MqttLimits limits = new MqttLimits(1000, 1024, 1024);
        Recorder r = new Recorder();
        MqttSession session = new MqttSession(1, limits, r);
        byte[] p = publish(4, 0, 0, "t", "z".repeat(990));
        session.data(0, p, 0, p.length - 1);
        assertThat(session.bufferedBytes()).isEqualTo(p.length - 1).isLessThanOrEqualTo(1000 + 5);
        session.data(0, p, p.length - 1, 1);
        assertThat(session.bufferedBytes()).isZero();
        assertThat(r.types()).containsExactly("publish");
    }

    @Test
    void midstreamPickupReadsAsMqtt311() {
        // No CONNECT seen: MQTT 3.1.1 rules (no properties); messages are unintroduced.
        Recorder r = run(List.of(s(connack(4, 0)), c(publish(4, 0, 0, "topicX", "m")), c(MqttPackets.DISCONNECT)));
        assertThat(r.types()).containsExactly("connack", "publish", "disconnect");
        assertThat(r.completed.get(1).eve().at("/publish/topic").asString()).isEqualTo("topicX");
        assertThat(r.anomalies).containsExactly("missing_connect", "unintroduced_message", "unintroduced_message");
    }

    @Test
    void authAndMqtt5ReasonCodes() {
        byte[] auth = body().u8(0x18).props(body().u8(21).str("SCRAM-SHA-1").u8(22).bin(new byte[] {1, 2})).packet(15, 0);
        byte[] puback = body().u16(4).u8(0x10).packet(4, 0);
        byte[] disconnect = body().u8(0x8b).props(body().u8(31).str("bye")).packet(14, 0);
        Recorder r = run(List.of(c(connect(5, "c")), s(connack(5, 0)), c(auth), s(MqttPackets.connack(5, 0x87)),
                c(publish(5, 1, 4, "t", "m")), s(puback), s(disconnect), c(body().packet(15, 0))));
        assertThat(r.completed.get(1).eve().at("/auth/reason_code").asInt()).isEqualTo(0x18);
        assertThat(r.completed.get(1).eve().at("/auth/properties/authentication_method").asString()).isEqualTo("SCRAM-SHA-1");
        assertThat(r.completed.get(1).eve().at("/auth/properties/authentication_data").asString()).isEqualTo("\u0001\u0002");
        assertThat(r.completed.get(2).events()).containsExactly("missing_connect");
        assertThat(r.completed.get(3).eve().at("/puback/reason_code").asInt()).isEqualTo(16);
        assertThat(r.completed.get(4).eve().at("/disconnect/reason_code").asInt()).isEqualTo(0x8b);
        assertThat(r.completed.get(4).eve().at("/disconnect/properties/reason_string").asString()).isEqualTo("bye");
        assertThat(r.completed.get(5).eve().at("/auth/reason_code").asInt()).isZero();
    }

    @Test
    void steadyStateReusesTransactionsAndMessages() {
        Recorder ignore = new Recorder();
        MqttSession session = new MqttSession(1, MqttLimits.DEFAULTS, MqttListener.NONE);
        byte[] p = concat(connect(4, "c"));
        session.data(0, p, 0, p.length);
        byte[] pub = publish(4, 0, 0, "t", "m".repeat(100));
        for (int i = 0; i < 1000; i++) {
            session.data(0, pub, 0, pub.length);
        }
        assertThat(session.openTransactions()).isEqualTo(1); // the CONNECT waiting for CONNACK
        assertThat(session.retainedBytes()).isLessThan(64 * 1024);
        assertThat(ignore.completed).isEmpty();
    }
}
