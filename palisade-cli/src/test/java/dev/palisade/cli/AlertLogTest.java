package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.ips.detect.CompiledRules;
import dev.palisade.ips.detect.Protector;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running gateway's record of IPS matches: an EVE alert line per match with the rule's sid and
 * "blocked" for a drop rule, bounded files rotated at record boundaries, and a log that cannot be
 * written never throwing into the engine.
 */
class AlertLogTest {

    static final String RULES = "drop modbus any any -> any 502 (msg:\"coil write\"; modbus: function 5; sid:1000005;)\n";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    static CompiledRules rules() throws Exception {
        return NetworkProtector.compile(List.of(new RuleParser.RuleFile("test.rules", RULES)));
    }

    /** One connection per call (a new source port each), one write single coil request, then the end of input. */
    static void writeCoil(Protector protector, int connection) {
        byte[] packet = ProtectorProbe.modbusWriteSingleCoil();
        // another client port: another flow (the TCP checksum is not verified by the protector)
        int port = 40000 + connection;
        packet[20] = (byte) (port >>> 8);
        packet[21] = (byte) port;
        protector.inspectIp(packet, 0, packet.length, 1_790_000_000_000_000_000L + connection * 1_000_000L);
    }

    static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(JSON::readTree).toList();
    }

    @Test
    void aMatchIsRecordedAsAnEveAlertWithItsSidAndTheBlockedAction() throws Exception {
        try (AlertLog log = new AlertLog(dir.resolve("log"))) {
            Protector protector = new Protector(rules(), ProtectorSettings.DEFAULTS, log.listener(""));
            writeCoil(protector, 0);
            protector.finish();
            List<JsonNode> records = lines(dir.resolve("log/ips-alerts.json"));
            assertThat(records).filteredOn(r -> r.path("event_type").asString().equals("alert")).singleElement().satisfies(r -> {
                assertThat(r.path("alert").path("signature_id").asLong()).isEqualTo(1000005);
                assertThat(r.path("alert").path("signature").asString()).isEqualTo("coil write");
                assertThat(r.path("alert").path("action").asString()).isEqualTo("blocked");
                assertThat(r.path("src_ip").asString()).isEqualTo("192.0.2.10");
                assertThat(r.path("dest_port").asInt()).isEqualTo(502);
            });
            assertThat(log.failures()).isZero();
        }
    }

    @Test
    void filesAreRotatedAtRecordBoundaries() throws Exception {
        try (AlertLog log = new AlertLog(dir.resolve("log"), 1500)) {
            Protector protector = new Protector(rules(), ProtectorSettings.DEFAULTS, log.listener("-q0"));
            for (int i = 0; i < 12; i++) {
                writeCoil(protector, i);
            }
            protector.finish();
        }
        Path current = dir.resolve("log/ips-alerts-q0.json");
        Path previous = dir.resolve("log/ips-alerts-q0.json.1");
        assertThat(previous).exists();
        assertThat(Files.size(current)).isLessThanOrEqualTo(1500);
        assertThat(Files.size(previous)).isLessThanOrEqualTo(1500);
        // every line of both files is a whole record
        assertThat(lines(previous)).isNotEmpty().allSatisfy(r -> assertThat(r.path("event_type").asString()).isNotEmpty());
        assertThat(lines(current)).isNotEmpty().allSatisfy(r -> assertThat(r.path("event_type").asString()).isNotEmpty());
    }

    @Test
    void aLogThatCannotBeWrittenNeverThrowsIntoTheEngine() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("log"), "a file where the log directory should be");
        try (AlertLog log = new AlertLog(notADirectory)) {
            Protector protector = new Protector(rules(), ProtectorSettings.DEFAULTS, log.listener(""));
            writeCoil(protector, 0);
            writeCoil(protector, 1);
            protector.finish();
            assertThat(log.failures()).isGreaterThanOrEqualTo(1);
        }
    }
}
