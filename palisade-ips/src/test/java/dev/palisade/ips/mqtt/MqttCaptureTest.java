package dev.palisade.ips.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real traffic: Mosquitto 2 with mosquitto_pub and mosquitto_sub speaking MQTT 3.1, 3.1.1 and 5.0
 * (capture made by scripts/fixtures/make-mqtt-captures.sh; the connections are listed there).
 */
class MqttCaptureTest {

    @Test
    void mosquittoConversationsDecodeWithoutAnomalies() throws Exception {
        Recorder r = new Recorder();
        MqttEveDump.run(fixture("mosquitto.pcap"), MqttLimits.DEFAULTS, false, r);
        assertThat(r.anomalies).isEmpty();
        Map<Integer, List<Recorder.Tx>> byFlow = r.completed.stream()
                .collect(Collectors.groupingBy(Recorder.Tx::flow, TreeMap::new, Collectors.toList()));
        assertThat(byFlow).hasSize(6);
        List<List<String>> types = byFlow.values().stream().map(l -> l.stream().map(Recorder.Tx::types).toList()).toList();
        assertThat(types).containsExactly(
                List.of("connect+connack", "subscribe+suback", "publish+puback", "publish+pubrec+pubrel+pubcomp", "disconnect"),
                List.of("connect+connack", "publish+puback", "disconnect"),
                List.of("connect+connack", "publish+pubrec+pubrel+pubcomp", "disconnect"),
                List.of("connect+connack", "publish+puback", "disconnect"),
                List.of("connect+connack", "publish+pubrec+pubrel+pubcomp", "disconnect"),
                List.of("connect+connack", "subscribe+suback", "unsubscribe+unsuback", "disconnect"));

        var sub = byFlow.get(0);
        var connect = sub.get(0).eve().get("connect");
        assertThat(connect.get("protocol_version").asInt()).isEqualTo(5);
        assertThat(connect.get("client_id").asString()).isEqualTo("sub-client");
        assertThat(connect.get("username").asString()).isEqualTo("user");
        assertThat(connect.get("password").asString()).isEqualTo("pass");
        assertThat(connect.at("/flags/will").asBoolean()).isTrue();
        assertThat(connect.at("/will/topic").asString()).isEqualTo("will/topic");
        assertThat(connect.at("/will/message").asString()).isEqualTo("gone");
        assertThat(connect.at("/will/properties/content_type").asString()).isEqualTo("mywilltype");
        assertThat(connect.at("/will/properties/wk").asString()).isEqualTo("wv");
        assertThat(connect.at("/properties/session_expiry_interval").asInt()).isEqualTo(555);
        assertThat(connect.at("/properties/receive_maximum").asInt()).isEqualTo(222);
        assertThat(connect.at("/properties/userprop1").asString()).isEqualTo("userval1");
        assertThat(sub.get(1).eve().at("/subscribe/topics/0/topic").asString()).isEqualTo("plant/#");
        assertThat(sub.get(1).eve().at("/suback/qos_granted/0").asInt()).isEqualTo(2);
        // The broker delivers to the subscriber: server-to-client transactions.
        assertThat(sub.get(2).direction()).isEqualTo(1);
        assertThat(sub.get(2).eve().at("/publish/message").asString()).isEqualTo("21.5");
        assertThat(sub.get(2).eve().at("/publish/properties/content_type").asString()).isEqualTo("text/plain");
        assertThat(sub.get(2).eve().at("/publish/properties/unit").asString()).isEqualTo("celsius");
        assertThat(sub.get(3).eve().at("/publish/message").asString()).isEqualTo("overheat");

        assertThat(byFlow.get(3).get(0).eve().at("/connect/protocol_version").asInt()).isEqualTo(4);
        assertThat(byFlow.get(3).get(1).eve().at("/publish/retain").asBoolean()).isTrue();
        assertThat(byFlow.get(4).get(0).eve().at("/connect/protocol_string").asString()).isEqualTo("MQIsdp");
        assertThat(byFlow.get(4).get(0).eve().at("/connect/protocol_version").asInt()).isEqualTo(3);
        assertThat(byFlow.get(4).get(1).eve().at("/publish/topic").asString()).isEqualTo("other/old");
        assertThat(byFlow.get(5).get(2).eve().at("/unsubscribe/topics/0").asString()).isEqualTo("plant/x");
        assertThat(byFlow.get(5).get(2).eve().at("/unsuback/reason_codes/0").asInt()).isZero();
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(MqttCaptureTest.class.getResource(name).toURI());
    }
}
