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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** EVE field names and formats, over a real Modbus capture. */
class EveWriterTest {

    private static List<JsonNode> run(String rules, String capture, Set<String> types) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EveWriter eve = new EveWriter(out, MqttEveOptions.SURICATA, true, types);
        CompiledRules compiled = CompiledRules.compile(
                RuleParser.withInstalledProtocols(RuleVariables.defaults()).parse("t.rules", rules));
        Protector p = new Protector(compiled, ProtectorSettings.DEFAULTS, eve);
        CapturedFrame f = new CapturedFrame();
        try (CaptureReader r = CaptureReader.open(Path.of("../palisade-dataplane/src/test/resources/appproto-corpus", capture))) {
            while (r.next(f)) {
                p.inspectFrame(f.buffer(), 0, f.length(), f.captureInterface().linkType(), f.timestampNanos());
            }
        }
        p.finish();
        eve.flush();
        List<JsonNode> records = new ArrayList<>();
        JsonMapper m = JsonMapper.builder().build();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            records.add(m.readTree(line));
        }
        return records;
    }

    @Test
    void timestampIsSuricatasFormat() {
        assertThat(EveWriter.timestamp(1_600_000_000_123_456_789L)).isEqualTo("2020-09-13T12:26:40.123456+0000");
        assertThat(EveWriter.timestamp(0)).isEqualTo("1970-01-01T00:00:00.000000+0000");
    }

    @Test
    void alertCarriesSuricatasFieldsAndTheTransaction() throws IOException {
        List<JsonNode> records = run("alert modbus any any -> any any (msg:\"read\"; modbus: function 3; "
                + "classtype:protocol-command-decode; sid:42; rev:3;)", "modbus-502-mbpoll.pcap", null);
        JsonNode alert = records.stream().filter(r -> r.get("event_type").asString().equals("alert")).findFirst().orElseThrow();
        assertThat(alert.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+0000");
        assertThat(alert.get("flow_id").asLong()).isPositive();
        assertThat(alert.get("pcap_cnt").asLong()).isPositive();
        assertThat(alert.get("src_ip").asString()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(alert.get("dest_port").asInt()).isEqualTo(502);
        assertThat(alert.get("proto").asString()).isEqualTo("TCP");
        assertThat(alert.get("app_proto").asString()).isEqualTo("modbus");
        JsonNode a = alert.get("alert");
        assertThat(a.get("action").asString()).isEqualTo("allowed");
        assertThat(a.get("gid").asInt()).isEqualTo(1);
        assertThat(a.get("signature_id").asLong()).isEqualTo(42);
        assertThat(a.get("rev").asInt()).isEqualTo(3);
        assertThat(a.get("signature").asString()).isEqualTo("read");
        assertThat(a.get("category").asString()).isEqualTo("Generic Protocol Command Decode");
        assertThat(a.get("severity").isNumber()).isTrue();
        assertThat(alert.at("/modbus/request/function_code").asString()).isEqualTo("RdHoldRegs");
        assertThat(alert.at("/modbus/response/function_code").asString()).isEqualTo("RdHoldRegs");
        JsonNode tx = records.stream().filter(r -> r.get("event_type").asString().equals("modbus")).findFirst().orElseThrow();
        assertThat(tx.get("tx_id").asInt()).isZero();
        assertThat(tx.at("/modbus/id").asInt()).isEqualTo(1);
        JsonNode flow = records.stream().filter(r -> r.get("event_type").asString().equals("flow")).findFirst().orElseThrow();
        assertThat(flow.at("/flow/pkts_toserver").asInt()).isPositive();
        assertThat(flow.at("/flow/alerted").asBoolean()).isTrue();
        assertThat(flow.get("app_proto").asString()).isEqualTo("modbus");
    }

    @Test
    void typesRestrictWhatIsWritten() throws IOException {
        List<JsonNode> records = run("alert modbus any any -> any any (msg:\"read\"; modbus: function 3; sid:42;)",
                "modbus-502-mbpoll.pcap", Set.of("modbus"));
        assertThat(records).isNotEmpty().allMatch(r -> r.get("event_type").asString().equals("modbus"));
    }
}
