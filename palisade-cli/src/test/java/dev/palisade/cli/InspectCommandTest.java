package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade inspect} on a checked-in capture of the dataplane corpus. */
class InspectCommandTest {

    static final Path CORPUS = Path.of("../palisade-dataplane/src/test/resources/appproto-corpus");

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out();
    private final ByteArrayOutputStream err = console.err();

    @Test
    void writesEveForAModbusCapture() throws IOException {
        Path rules = dir.resolve("t.rules");
        Files.writeString(rules, "alert modbus any any -> any any (msg:\"read holding\"; modbus: function 3; sid:7;)\n");
        Path eve = dir.resolve("eve.json");
        int rc = Main.execute("inspect", "--rules", rules.toString(), "--eve", eve.toString(),
                CORPUS.resolve("modbus-502-mbpoll.pcap").toString());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = Files.readAllLines(eve);
        assertThat(lines).anyMatch(l -> l.contains("\"event_type\":\"alert\"") && l.contains("\"signature_id\":7"));
        assertThat(lines).anyMatch(l -> l.contains("\"event_type\":\"modbus\""));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 alerts");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void aSetWithoutSuricataYamlEditsTheDefaultConfigurationAndKeepsEveryEveType() throws Exception {
        // Suricata's default eve-log lists every type: enabling the frame entry does not drop alerts
        assertThat(InspectCommand.eveTypes(null, List.of("outputs.1.eve-log.types.1.frame.enabled=yes"))).isNull();
        assertThat(InspectCommand.eveTypes(null, List.of())).isNull();
        Path yaml = dir.resolve("suricata.yaml");
        Files.writeString(yaml, """
                %YAML 1.1
                ---
                outputs:
                  - eve-log:
                      enabled: yes
                      types:
                        - alert
                        - mqtt
                """);
        assertThat(InspectCommand.eveTypes(yaml, List.of("outputs.0.eve-log.types.2.frame.enabled=yes")))
                .containsExactlyInAnyOrder("alert", "mqtt", "frame");
    }

    @Test
    void suricataYamlTurnsModbusOffByDefault() throws IOException {
        Path rules = dir.resolve("t.rules");
        Files.writeString(rules, "alert modbus any any -> any any (msg:\"read holding\"; modbus: function 3; sid:7;)\n");
        Path yaml = dir.resolve("suricata.yaml");
        Files.writeString(yaml, "app-layer:\n  protocols:\n    mqtt:\n      enabled: yes\n");
        Path eve = dir.resolve("eve.json");
        int rc = Main.execute("inspect", "--rules", rules.toString(), "--eve", eve.toString(), "--suricata-yaml", yaml.toString(),
                CORPUS.resolve("modbus-502-mbpoll.pcap").toString());
        assertThat(rc).isZero();
        assertThat(Files.readString(eve)).doesNotContain("\"event_type\":\"alert\"").doesNotContain("\"modbus\"");
    }

    @Test
    void badRulesAndBadInputsExitTwo() throws IOException {
        Path rules = dir.resolve("bad.rules");
        Files.writeString(rules, "alert tcp any any -> any any (msg:\"x\"; sid:90000001;)\n");
        Path eve = dir.resolve("eve.json");
        assertThat(Main.execute("inspect", "--rules", rules.toString(), "--eve", eve.toString(),
                CORPUS.resolve("modbus-502-mbpoll.pcap").toString())).isEqualTo(2);
        assertThat(Files.exists(eve)).isFalse();
        assertThat(Main.execute("inspect", "--eve", eve.toString(), dir.resolve("missing.pcap").toString())).isEqualTo(2);
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, "stream:\n  midstream: perhaps\n");
        assertThat(Main.execute("inspect", "--eve", eve.toString(), "--suricata-yaml", yaml.toString(),
                CORPUS.resolve("modbus-502-mbpoll.pcap").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stream.midstream");
    }
}
