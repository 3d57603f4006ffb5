package dev.palisade.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the configuration parser: whatever the text, {@link ConfigDocument#parse}
 * returns a document that writes back to an equal one, or throws {@link ConfigException}; any
 * other exception is a bug. {@code mvn test} replays the inputs under
 * {@code src/test/resources/dev/palisade/config/ConfigParseFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class ConfigParseFuzzTest {

    private static final String[] FRAGMENTS = {
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "65536", "1e400", "\"\"", "\"any\"",
        "\"NETWORK\"", "\"LAN\"", "\"WAN\"", "\"FIREWALL\"", "\"rules\"", "\"NAPT\"", "\"ROUTING_TABLE\"", "\"routes\"",
        "\"IDS_PROXY\"", "\"allowList\"", "\"blockedList\"", "\"ipAddrSource\"", "\"portDest\"", "\"protocol\"",
        "\"IP\"", "\"Mask\"", "\"DHCPFlag\"", "\"gateway\"", "\"ipaddr\"", "\"mask\"", "\"action\"", "\"CARP\"",
        "\"SETTINGS\"", "\"SYSLOG\"", "\"host\"", "\"APPLICATIONS\"", "\"APPS_CONTROL\"", "\"applications\"",
        "\"package_id\"", "\"palisade.netprotector\"", "\"APP_CONFIGURATION\"", "\"industrial_commands_rules\"",
        "\"192.168.1.1\"", "\"255.255.255.0\"", "\"0.0.0.0\"", "\"10.0.0.0/8\"", "\"1-65535\"", "\"443\"",
        "\"add\"", "\"no action\"", "\"accept\"", "\"In\"", "\"tcp\"", "\"icmp\"", "\"wan\"", "\"tls\"", "\"YWJj\""
    };

    @FuzzTest(maxDuration = "30s")
    void parseNeverThrowsAnythingButConfigException(FuzzedDataProvider data) {
        String text;
        if (data.consumeBoolean()) {
            text = data.consumeRemainingAsString();
        } else {
            StringBuilder builder = new StringBuilder();
            while (data.remainingBytes() > 0) {
                builder.append(data.pickValue(FRAGMENTS));
            }
            text = builder.toString();
        }
        try {
            ConfigDocument document = ConfigDocument.parse(text);
            assertThat(ConfigDocument.parse(document.toJson())).isEqualTo(document);
        } catch (ConfigException expected) {
            assertThat(expected.errors()).isNotEmpty();
        }
    }
}
