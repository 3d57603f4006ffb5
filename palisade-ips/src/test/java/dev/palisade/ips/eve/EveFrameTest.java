package dev.palisade.ips.eve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.ips.detect.CompiledRules;
import dev.palisade.ips.detect.Protector;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.mqtt.MqttEveOptions;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleVariables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code frame} object of an alert raised by a {@code frame:} rule, over a real MQTT capture. */
class EveFrameTest {

    @Test
    void frameAlertCarriesSuricatasFrameFieldsInOrder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EveWriter eve = new EveWriter(out, MqttEveOptions.SURICATA, true, null);
        CompiledRules rules = CompiledRules.compile(RuleParser.withInstalledProtocols(RuleVariables.defaults()).parse("t.rules",
                "alert mqtt any any -> any any (msg:\"publish data\"; frame:data; content:\"corpus/\"; sid:3;)"));
        Protector p = new Protector(rules, ProtectorSettings.DEFAULTS, eve);
        CapturedFrame f = new CapturedFrame();
        try (CaptureReader r = CaptureReader.open(Path.of("../palisade-dataplane/src/test/resources/appproto-corpus",
                "mqtt-v311-1883-mosquitto.pcap"))) {
            while (r.next(f)) {
                p.inspectFrame(f.buffer(), 0, f.length(), f.captureInterface().linkType(), f.timestampNanos());
            }
        }
        p.finish();
        eve.flush();
        List<JsonNode> alerts = new ArrayList<>();
        JsonMapper m = JsonMapper.builder().build();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode n = m.readTree(line);
            if (n.get("event_type").asString().equals("alert")) {
                alerts.add(n);
            }
        }
        assertThat(alerts).hasSize(1);
        JsonNode a = alerts.get(0);
        assertThat(a.get("pcap_cnt").asLong()).isEqualTo(10);
        assertThat(a.get("alert").get("signature_id").asLong()).isEqualTo(3);
        assertThat(a.has("mqtt")).as("a frame alert is not a transaction alert").isFalse();
        JsonNode fr = a.get("frame");
        assertThat(fr.propertyNames()).containsExactly("type", "id", "direction", "stream_offset", "length", "payload",
                "payload_printable", "complete");
        assertThat(fr.get("type").asString()).isEqualTo("data");
        assertThat(fr.get("id").asLong()).isEqualTo(7);
        assertThat(fr.get("direction").asString()).isEqualTo("toserver");
        assertThat(fr.get("stream_offset").asLong()).isEqualTo(27);
        assertThat(fr.get("length").asLong()).isEqualTo(26);
        byte[] payload = Base64.getDecoder().decode(fr.get("payload").asString());
        // PUBLISH QoS 1: topic length, topic, packet id 1, payload "21.5"
        assertThat(payload).hasSize(26).startsWith(0x00, 0x12).endsWith('2', '1', '.', '5');
        assertThat(fr.get("payload_printable").asString()).isEqualTo("..corpus/temperature..21.5");
        assertThat(fr.get("complete").asBoolean()).isTrue();
    }
}
