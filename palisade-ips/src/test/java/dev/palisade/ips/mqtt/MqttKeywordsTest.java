package dev.palisade.ips.mqtt;

import static dev.palisade.ips.mqtt.MqttPackets.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax and meaning of the mqtt.* keywords and sticky buffers. */
class MqttKeywordsTest {

    private final MqttKeywords keywords = new MqttKeywords();

    /** The last complete state of every transaction of a conversation, with the conditions that held on it. */
    static final class Evaluator implements MqttListener {
        final List<MqttCondition> conditions;
        final List<Set<Integer>> matchedTx = new ArrayList<>();
        final List<List<String>> buffers = new ArrayList<>();
        final MqttBuffer buffer;
        private final MqttSlice slice = new MqttSlice();

        Evaluator(MqttBuffer buffer, MqttCondition... conditions) {
            this.conditions = List.of(conditions);
            this.buffer = buffer;
            for (int i = 0; i < conditions.length; i++) {
                matchedTx.add(new TreeSet<>());
            }
        }

        @Override
        public void message(int flow, MqttTransaction tx, MqttMessage message) {
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i).matches(tx)) {
                    matchedTx.get(i).add((int) tx.id());
                }
            }
        }

        @Override
        public void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction) {
        }

        @Override
        public void completed(int flow, MqttTransaction tx) {
            if (buffer != null) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < buffer.count(tx); i++) {
                    assertThat(buffer.get(tx, i, slice)).isTrue();
                    values.add(new String(slice.toByteArray(), StandardCharsets.UTF_8));
                }
                assertThat(buffer.get(tx, buffer.count(tx), slice)).isFalse();
                buffers.add(values);
            }
        }
    }

    /**
     * tx 1 CONNECT(v5, will, user, pass)+CONNACK(session present, 0x87); tx 2 PUBLISH QoS 1 retain + PUBACK 0x10;
     * tx 3 SUBSCRIBE a,b + SUBACK 0,0x80; tx 4 UNSUBSCRIBE a + UNSUBACK 0x11; tx 5 PUBLISH QoS 0 dup; tx 6 DISCONNECT 4.
     */
    static Evaluator run(MqttBuffer buffer, MqttCondition... conditions) {
        Evaluator e = new Evaluator(buffer, conditions);
        MqttSession s = new MqttSession(1, MqttLimits.DEFAULTS, e);
        byte[][] turns = {
            body().str("MQTT").u8(5).u8(0xc4 | 0x02).u16(60).props(body()).str("the-client").props(body())
                    .str("will/t").bin("bye".getBytes()).str("alice").bin("s3cret".getBytes()).packet(1, 0),
            body().u8(1).u8(0x87).props(body()).packet(2, 0),
            body().str("data/temp").u16(7).props(body()).raw("21.5").packet(3, 0x03),
            body().u16(7).u8(0x10).packet(4, 0),
            MqttPackets.subscribe(5, 8, "a/#", "b/+"),
            MqttPackets.suback(5, 8, 0, 0x80),
            MqttPackets.unsubscribe(5, 9, "a/#"),
            MqttPackets.unsuback(5, 9, 0x11),
            body().str("x").props(body()).raw("").packet(3, 0x08),
            new byte[0],
            body().u8(4).props(body().u8(17).u32(1)).packet(14, 0),
        };
        for (int i = 0; i < turns.length; i++) {
            s.data(i % 2, turns[i], 0, turns[i].length);
        }
        s.close();
        return e;
    }

    MqttCondition cond(String name, String value) {
        return (MqttCondition) keywords.parse(name, value);
    }

    @Test
    void protocolBuffersAndEvents() {
        assertThat(keywords.protocol()).isEqualTo("mqtt");
        for (String b : List.of("mqtt.connect.clientid", "mqtt.connect.username", "mqtt.connect.password", "mqtt.connect.willtopic",
                "mqtt.connect.willmessage", "mqtt.connect.protocol_string", "mqtt.publish.topic", "mqtt.publish.message",
                "mqtt.subscribe.topic", "mqtt.unsubscribe.topic")) {
            assertThat(keywords.isBuffer(b)).as(b).isTrue();
            assertThat(keywords.isKeyword(b)).as(b).isFalse();
        }
        assertThat(keywords.isKeyword("mqtt.qos")).isTrue();
        assertThat(keywords.isKeyword("mqtt.connack.return_code")).isTrue();
        assertThat(keywords.isBuffer("mqtt.qos")).isFalse();
        assertThat(keywords.eventNames()).containsExactlyInAnyOrder("missing_connect", "missing_publish", "missing_subscribe",
                "missing_unsubscribe", "double_connect", "unintroduced_message", "invalid_qos_level", "missing_msg_id",
                "unassigned_msg_type", "too_many_transactions", "malformed_traffic", "too_many_messages");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mqtt.type            | CONNECT          | 1
            mqtt.type            | connack          | 1
            mqtt.type            | PUBLISH          | 2,5
            mqtt.type            | 3                | 2,5
            mqtt.type            | PUBACK           | 2
            mqtt.type            | >12              | 6
            mqtt.type            | CONNACK,1        | 1
            mqtt.type            | CONNACK,0        | ''
            mqtt.type            | PUBLISH,-1       | 5
            mqtt.type            | PUBLISH,all      | 5
            mqtt.type            | DISCONNECT       | 6
            mqtt.flags           | retain           | 2
            mqtt.flags           | dup              | 5
            mqtt.flags           | !retain,!dup     | 1,2,3,4,6
            mqtt.flags           | dup,!retain      | 5
            mqtt.qos             | 1                | 2,3,4
            mqtt.qos             | 0                | 1,2,3,4,5,6
            mqtt.protocol_version| 5                | 1,2,3,4,5,6
            mqtt.protocol_version| <5               | ''
            mqtt.protocol_version| 4-6              | 1,2,3,4,5,6
            mqtt.connect.flags   | username,password,will,clean_session | 1
            mqtt.connect.flags   | !will_retain     | 1
            mqtt.connect.flags   | will_retain      | ''
            mqtt.connack.session_present | true     | 1
            mqtt.connack.session_present | no       | ''
            mqtt.reason_code     | 135              | 1
            mqtt.connack.return_code | 0x87-1       | ERROR
            mqtt.reason_code     | 16               | 2
            mqtt.reason_code     | 128              | 3
            mqtt.reason_code     | 17               | 4
            mqtt.reason_code     | 4                | 6
            mqtt.reason_code     | >200             | ''
            mqtt.reason_code     | 128,1            | 3
            mqtt.reason_code     | 0,0              | 3
            mqtt.reason_code     | !0               | 1,2,3,4,6
            """)
    void keywordMeaning(String name, String value, String expected) {
        if (expected.equals("ERROR")) {
            assertThatThrownBy(() -> cond(name, value)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
            return;
        }
        MqttCondition c = cond(name, value);
        assertThat(c.keyword()).isEqualTo(name);
        Evaluator e = run(null, c);
        String got = String.join(",", e.matchedTx.get(0).stream().map(String::valueOf).toList());
        assertThat(got).as("%s:%s", name, value).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mqtt.connect.clientid        | [the-client]
            mqtt.connect.username        | [alice]
            mqtt.connect.password        | [s3cret]
            mqtt.connect.willtopic       | [will/t]
            mqtt.connect.willmessage     | [bye]
            mqtt.connect.protocol_string | [MQTT]
            mqtt.publish.topic           | [data/temp];[x]
            mqtt.publish.message         | [21.5]
            mqtt.subscribe.topic         | [a/#, b/+]
            mqtt.unsubscribe.topic       | [a/#]
            """)
    void stickyBuffers(String name, String expected) {
        MqttBuffer b = keywords.buffer(name);
        assertThat(b.keyword()).isEqualTo(name);
        Evaluator e = run(b);
        // Transactions complete in the order connect, publish(QoS 1), subscribe, unsubscribe, publish (x, empty), disconnect.
        List<String> nonEmpty = e.buffers.stream().filter(l -> !l.isEmpty()).map(Object::toString).toList();
        assertThat(String.join(";", nonEmpty)).as(name).isEqualTo(expected);
        assertThat(b.multi()).isEqualTo(name.endsWith("subscribe.topic"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            mqtt.qos             | 3          | mqtt.qos must be 0, 1 or 2
            mqtt.qos             | ""         | mqtt.qos must be 0, 1 or 2
            mqtt.type            | CONNECTED  | unknown message type 'CONNECTED'
            mqtt.type            | CONNECT,x  | index must be any, all or a position
            mqtt.type            | 1,2,3      | expected 'value' or 'value,index'
            mqtt.flags           | retain,retain | given more than once
            mqtt.flags           | !retain,retain | given more than once
            mqtt.flags           | sticky     | unknown flag 'sticky'; valid flags are dup, retain
            mqtt.flags           | ""         | needs at least one flag
            mqtt.connect.flags   | will,user  | unknown flag 'user'
            mqtt.connack.session_present | maybe | must be yes, true, no or false
            mqtt.protocol_version | 256       | 256 is out of range 0-255
            mqtt.protocol_version | five      | 'five' is not an unsigned number
            mqtt.protocol_version | 6-4       | is empty
            mqtt.protocol_version | !<4       | '!' only negates a value or a range
            mqtt.reason_code     | ""         | mqtt.reason_code needs a value
            mqtt.publish.topic   | x          | is a sticky buffer and takes no value
            mqtt.nonsense        | 1          | unknown MQTT keyword mqtt.nonsense
            """)
    void errorsSayWhatIsWrong(String name, String value, String message) {
        assertThatThrownBy(() -> keywords.parse(name, value)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void uintForms() {
        assertThat(MqttUint.parse("k", "5", 255).test(5)).isTrue();
        assertThat(MqttUint.parse("k", "=5", 255).test(4)).isFalse();
        assertThat(MqttUint.parse("k", "!5", 255).test(4)).isTrue();
        assertThat(MqttUint.parse("k", "<=5", 255).test(5)).isTrue();
        assertThat(MqttUint.parse("k", ">=5", 255).test(4)).isFalse();
        assertThat(MqttUint.parse("k", "3<>6", 255).test(3)).isFalse();
        assertThat(MqttUint.parse("k", "3<>6", 255).test(4)).isTrue();
        assertThat(MqttUint.parse("k", "!3-6", 255).test(4)).isFalse();
        assertThat(MqttUint.parse("k", "!3-6", 255).test(6)).isTrue();
    }
}
