package dev.palisade.ips.mqtt;

import static dev.palisade.ips.mqtt.MqttPackets.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The EVE {@code mqtt} record, field by field, and every MQTT 5.0 property. */
class MqttEveWriterTest {

    /** Every property of MQTT 5.0 with a distinct value, in one property block. */
    static MqttPackets allProperties() {
        return body()
                .u8(1).u8(1) // payload format indicator
                .u8(2).u32(3600) // message expiry interval
                .u8(3).str("text/plain") // content type
                .u8(8).str("reply/here") // response topic
                .u8(9).bin(new byte[] {'c', 'o', 'r', (byte) 0xff}) // correlation data (not UTF-8)
                .u8(11).varint(268_435_455) // subscription identifier, four-byte variable integer
                .u8(17).u32(0xffffffffL) // session expiry interval
                .u8(18).str("auto-id") // assigned client identifier
                .u8(19).u16(30) // server keep alive
                .u8(21).str("PLAIN") // authentication method
                .u8(22).bin(new byte[] {'a', 'u'}) // authentication data
                .u8(23).u8(0) // request problem information
                .u8(24).u32(200) // will delay interval
                .u8(25).u8(1) // request response information
                .u8(26).str("resp-info") // response information
                .u8(28).str("other.broker") // server reference
                .u8(31).str("because") // reason string
                .u8(33).u16(20) // receive maximum
                .u8(34).u16(10) // topic alias maximum
                .u8(35).u16(7) // topic alias
                .u8(36).u8(1) // maximum QoS
                .u8(37).u8(0) // retain available
                .u8(38).str("k1").str("v1") // user property
                .u8(38).str("k2").str("v2") // another user property
                .u8(39).u32(11111) // maximum packet size
                .u8(40).u8(1) // wildcard subscription available
                .u8(41).u8(0) // subscription identifiers available
                .u8(42).u8(1); // shared subscription available
    }

    static List<JsonNode> eve(MqttEveOptions options, byte[]... clientThenServer) {
        Recorder r = new Recorder(options);
        MqttSession s = new MqttSession(1, MqttLimits.DEFAULTS, r);
        for (int i = 0; i < clientThenServer.length; i++) {
            s.data(i % 2, clientThenServer[i], 0, clientThenServer[i].length);
        }
        s.close();
        return r.completed.stream().map(Recorder.Tx::eve).toList();
    }

    @Test
    void connectV5WithWillCredentialsAndEveryProperty() {
        byte[] connect = body().str("MQTT").u8(5).u8(0x80 | 0x40 | 0x20 | 0x08 | 0x04 | 0x02).u16(60)
                .props(allProperties())
                .str("myclient")
                .props(body().u8(24).u32(200).u8(3).str("mywilltype").u8(38).str("userprop5").str("userval5"))
                .str("willtopic").bin("willmessage".getBytes())
                .str("user").bin("pass".getBytes())
                .packet(1, 0);
        byte[] connack = body().u8(1).u8(0).props(body().u8(34).u16(10)).packet(2, 0);
        JsonNode m = eve(MqttEveOptions.SURICATA, connect, connack).get(0);
        JsonNode c = m.get("connect");
        assertThat(c.get("qos").asInt()).isZero();
        assertThat(c.get("retain").asBoolean()).isFalse();
        assertThat(c.get("dup").asBoolean()).isFalse();
        assertThat(c.get("protocol_string").asString()).isEqualTo("MQTT");
        assertThat(c.get("protocol_version").asInt()).isEqualTo(5);
        assertThat(c.get("client_id").asString()).isEqualTo("myclient");
        assertThat(c.get("flags").toString()).isEqualTo(
                "{\"username\":true,\"password\":true,\"will_retain\":true,\"will\":true,\"clean_session\":true}");
        assertThat(c.get("username").asString()).isEqualTo("user");
        assertThat(c.get("password").asString()).isEqualTo("pass");
        assertThat(c.at("/will/topic").asString()).isEqualTo("willtopic");
        assertThat(c.at("/will/message").asString()).isEqualTo("willmessage");
        assertThat(c.at("/will/properties").toString()).isEqualTo(
                "{\"will_delay_interval\":200,\"content_type\":\"mywilltype\",\"userprop5\":\"userval5\"}");
        assertThat(c.get("properties").toString()).isEqualTo("{\"payload_format_indicator\":1,\"message_expiry_interval\":3600,"
                + "\"content_type\":\"text/plain\",\"response_topic\":\"reply/here\",\"correlation_data\":\"cor\\\\xff\","
                + "\"subscription_identifier\":268435455,\"session_expiry_interval\":4294967295,"
                + "\"assigned_client_identifier\":\"auto-id\",\"server_keep_alive\":30,\"authentication_method\":\"PLAIN\","
                + "\"authentication_data\":\"au\",\"request_problem_information\":0,\"will_delay_interval\":200,"
                + "\"request_response_information\":1,\"response_information\":\"resp-info\",\"server_reference\":\"other.broker\","
                + "\"reason_string\":\"because\",\"receive_maximum\":20,\"topic_alias_maximum\":10,\"topic_alias\":7,"
                + "\"maximum_qos\":1,\"retain_available\":0,\"k1\":\"v1\",\"k2\":\"v2\",\"maximum_packet_size\":11111,"
                + "\"wildcard_subscription_available\":1,\"subscription_identifier_available\":0,"
                + "\"shared_subscription_available\":1}");
        assertThat(m.at("/connack/session_present").asBoolean()).isTrue();
        assertThat(m.at("/connack/return_code").asInt()).isZero();
        assertThat(m.at("/connack/properties/topic_alias_maximum").asInt()).isEqualTo(10);
    }

    @Test
    void passwordsAreNotLoggedByDefault() {
        byte[] connect = body().str("MQTT").u8(4).u8(0xc2).u16(60).str("c").str("user").bin("secret".getBytes()).packet(1, 0);
        JsonNode m = eve(MqttEveOptions.DEFAULTS, connect).get(0);
        assertThat(m.at("/connect/username").asString()).isEqualTo("user");
        assertThat(m.at("/connect").has("password")).isFalse();
        assertThat(m.toString()).doesNotContain("secret");
    }

    @Test
    void unknownPropertyIdentifierIsSkippedLikeSuricata() {
        // Identifier 0x7f is unassigned: Suricata consumes only the identifier and goes on.
        byte[] publish = body().str("t").props(body().u8(0x7f).u8(35).u16(3)).raw("m").packet(3, 0);
        List<JsonNode> out = eve(MqttEveOptions.SURICATA, MqttPackets.connect(5, "c"), MqttPackets.connack(5, 0), publish);
        assertThat(out.get(1).at("/publish/properties").toString()).isEqualTo("{\"topic_alias\":3}");
    }

    @Test
    void stringsAreCutAtTheLogLimitOnACharacterBoundary() {
        assertThat(MqttEveWriter.limited("abcdef", 10)).isEqualTo("abcdef");
        assertThat(MqttEveWriter.limited("abcdef", 3)).isEqualTo("abc[truncated 3 additional bytes]");
        assertThat(MqttEveWriter.limited("abcd", 3)).isEqualTo("abc[truncated 1 additional byte]");
        // "é" is two bytes: a cut inside it moves back to the boundary.
        assertThat(MqttEveWriter.limited("aéb", 2)).isEqualTo("a[truncated 2 additional bytes]");
        MqttEveOptions ten = new MqttEveOptions(10, true);
        byte[] publish = MqttPackets.publish(4, 0, 0, "topic-longer-than-ten", "X".repeat(100));
        JsonNode m = eve(ten, MqttPackets.connect(4, "c"), MqttPackets.connack(4, 0), publish).get(1);
        assertThat(m.at("/publish/message").asString()).isEqualTo("XXXXXXXXXX[truncated 90 additional bytes]");
        assertThat(m.at("/publish/topic").asString()).isEqualTo("topic-long[truncated 11 additional bytes]");
    }

    @Test
    void subscribeTopicsShareOneLogLimit() {
        MqttEveOptions limit = new MqttEveOptions(8, true);
        byte[] sub = MqttPackets.subscribe(4, 1, "aaaaa", "bbbbb", "ccccc");
        JsonNode m = eve(limit, MqttPackets.connect(4, "c"), MqttPackets.connack(4, 0), sub, MqttPackets.suback(4, 1, 0, 0, 0)).get(1);
        assertThat(m.at("/subscribe/topics").toString())
                .isEqualTo("[{\"topic\":\"aaaaa\",\"qos\":1},{\"topic\":\"bbb[truncated 2 additional bytes]\",\"qos\":1}]");
    }

    @Test
    void binaryMessagesAreEscapedWhenNotUtf8() {
        byte[] jpeg = body().str("img").raw(new byte[] {(byte) 0xff, (byte) 0xd8, 'A', '\n'}).packet(3, 0);
        byte[] utf8 = body().str("txt").raw("grüße".getBytes(java.nio.charset.StandardCharsets.UTF_8)).packet(3, 0);
        List<JsonNode> out = eve(MqttEveOptions.SURICATA, MqttPackets.connect(4, "c"), MqttPackets.connack(4, 0), jpeg, new byte[0], utf8);
        assertThat(out.get(1).at("/publish/message").asString()).isEqualTo("\\xff\\xd8A\n");
        assertThat(out.get(2).at("/publish/message").asString()).isEqualTo("grüße");
    }

    @Test
    void pingAndV311DisconnectHaveOnlyTheHeader() {
        List<JsonNode> out = eve(MqttEveOptions.SURICATA, MqttPackets.PINGREQ, MqttPackets.PINGRESP, MqttPackets.DISCONNECT);
        assertThat(out.get(0).toString()).isEqualTo("{\"pingreq\":{\"qos\":0,\"retain\":false,\"dup\":false}}");
        assertThat(out.get(1).toString()).isEqualTo("{\"pingresp\":{\"qos\":0,\"retain\":false,\"dup\":false}}");
        assertThat(out.get(2).toString()).isEqualTo("{\"disconnect\":{\"qos\":0,\"retain\":false,\"dup\":false}}");
    }

    @Test
    void publishHeaderFlags() {
        byte[] p = body().str("t").u16(5).raw("m").packet(3, 0x08 | 0x04 | 0x01); // dup, QoS 2, retain
        JsonNode m = eve(MqttEveOptions.SURICATA, MqttPackets.connect(4, "c"), MqttPackets.connack(4, 0), p).get(1);
        assertThat(m.get("publish").toString())
                .isEqualTo("{\"qos\":2,\"retain\":true,\"dup\":true,\"topic\":\"t\",\"message_id\":5,\"message\":\"m\"}");
    }
}
