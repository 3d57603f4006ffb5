package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade conformance} on a tiny synthetic suricata-verify style directory built in the test. */
class ConformanceCommandTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out();

    private Path makeCase(String name, String testYaml, String rules) throws IOException {
        Path c = Files.createDirectories(dir.resolve(name));
        Files.writeString(c.resolve("test.yaml"), testYaml);
        if (rules != null) {
            Files.writeString(c.resolve("test.rules"), rules);
        }
        return c;
    }

    @Test
    void passingFailingAndRulesOnlyCases() throws IOException {
        Path good = makeCase("good", """
                args:
                  - -k none
                  - --set app-layer.protocols.modbus.enabled=yes
                checks:
                  - filter:
                      count: 1
                      match:
                        event_type: alert
                        alert.signature_id: 7
                        modbus.request.function_code: RdHoldRegs
                  - filter:
                      count: 1
                      match:
                        event_type: modbus
                        has-key: modbus.response
                        not-has-key: modbus.request.exception
                """, null);
        Files.writeString(good.resolve("test.rules"), "alert modbus any any -> any any (msg:\"fc3\"; modbus: function 3; sid:7;)\n");
        Files.copy(InspectCommandTest.CORPUS.resolve("modbus-502-mbpoll.pcap"), good.resolve("input.pcap"));
        makeCase("reuse", """
                pcap: ../good/input.pcap
                checks:
                  - filter:
                      count: 5
                      match:
                        event_type: alert
                  - shell:
                      args: cat eve.json | jq -c . | wc -l
                      expect: 1
                """, null);
        makeCase("rules-only", "pcap: false\nargs:\n  - -T\n", "alert mqtt any any -> any any (msg:\"m\"; mqtt.type:CONNECT; sid:1;)\n");
        makeCase("bad-rules", "pcap: false\n", "alert mqtt any any -> any any (msg:\"m\"; mqtt.type:NOPE; sid:1;)\n");
        int rc = Main.execute("conformance", dir.toString());
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).isEqualTo(1);
        assertThat(table).contains("| good | 3/3 | PASS |");
        assertThat(table).contains("| rules-only | 1/1 | PASS |");
        assertThat(table).contains("| bad-rules | 0/1 | FAIL | rules do not load");
        assertThat(table).contains("| reuse | 1/3 | FAIL | count 5 of {event_type: alert} (got 0)");
        assertThat(table).contains("2 of 4 cases pass.");
    }

    @Test
    void shellChecksOtherThanGrepAreNeverCountedAsPassed() throws IOException {
        makeCase("shell", """
                pcap: false
                """, "alert tcp any any -> any any (msg:\"t\"; sid:1;)\n");
        makeCase("shell2", """
                pcap: ../missing.pcap
                checks:
                  - shell:
                      args: echo 1
                      expect: 1
                """, null);
        Main.execute("conformance", dir.toString());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| shell2 | 0/1 | FAIL | no capture");
    }

    @Test
    void eveCheckPathsWithIndexes() {
        var m = tools.jackson.databind.json.JsonMapper.builder().build();
        var rec = m.readTree("{\"mqtt\":{\"subscribe\":{\"topics\":[{\"topic\":\"a\"},{\"topic\":\"b\"}]}},\"n\":5}");
        assertThat(EveCheck.lookup(rec, "mqtt.subscribe.topics[1].topic").asString()).isEqualTo("b");
        assertThat(EveCheck.lookup(rec, "mqtt.subscribe.topics[2].topic")).isNull();
        assertThat(EveCheck.lookup(rec, "mqtt.nothing")).isNull();
        assertThat(EveCheck.same(rec.get("n"), m.readTree("5.0"))).isTrue();
        assertThat(EveCheck.same(rec.get("n"), m.readTree("\"5\""))).isTrue();
    }
}
