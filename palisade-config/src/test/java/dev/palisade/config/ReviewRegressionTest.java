package dev.palisade.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Inputs from the review of the configuration reader: cost, secrets, paths, LAN width. */
class ReviewRegressionTest {

    @Test
    void deepDocumentsWithLongKeysCostNoMoreThanShortOnes() throws ConfigException {
        StringBuilder sb = new StringBuilder("{\"zz\": ");
        String key = "k".repeat(5000);
        for (int i = 0; i < 40; i++) {
            sb.append("{\"").append(key).append("\": ");
        }
        sb.append("[").append("0,".repeat(200_000)).append("0]");
        sb.append("}".repeat(40)).append("}");
        long start = System.nanoTime();
        ConfigDocument.parse(sb.toString());
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(10_000);
    }

    @Test
    void errorPathsAreShortenedAndPrintable() {
        String key = "a".repeat(1000) + "\u001b[2J\nfake";
        String doc = "{\"zz\": {\"" + key + "\": {\"x\": 1, \"x\": 2}}}";
        assertThatThrownBy(() -> ConfigDocument.parse(doc)).isInstanceOfSatisfying(ConfigException.class, e -> {
            String path = e.errors().get(0).path();
            assertThat(path.length()).isLessThanOrEqualTo(JsonPath.MAX_RENDERED + 1);
            assertThat(path).doesNotContain("\u001b").doesNotContain("\n");
        });
    }

    @Test
    void secretsAreNotEchoedInErrors() {
        assertThatThrownBy(() -> ConfigDocument.parse("{\"SETTINGS\": {\"MQTT_NOTIFICATION\": {\"password\": Sup3rS3cret}}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).doesNotContain("Sup3rS3cret"));
        assertThatThrownBy(() -> ConfigDocument.parse("{\"SETTINGS\": {\"MQTT_NOTIFICATION\": {\"password\": 12345678}}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).doesNotContain("12345678"));
    }

    @Test
    void aLanWiderThanASlash8IsRefused() {
        assertThatThrownBy(() -> ConfigDocument.parse("{\"NETWORK\": {\"LAN\": {\"IP\": \"10.1.2.3\", \"Mask\": \"0.0.0.0\", "
                + "\"FirstDHCPAddress\": \"10.1.2.100\", \"LastDHCPAddress\": \"10.1.2.200\"}}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .anySatisfy(err -> assertThat(err.path()).isEqualTo("$.NETWORK.LAN.Mask")));
    }

    @Test
    void aMisspeltKeyInARuleIsRefusedWhileOtherExtraKeysAreKept() throws ConfigException {
        String rule = "{\"status\": true, \"action\": \"accept\", \"protocol\": \"tcp\", \"zone\": \"In\", %s}";
        assertThatThrownBy(() -> ConfigDocument.parse("{\"NETWORK\": {\"FIREWALL\": {\"rules\": ["
                + String.format(rule, "\"ipAddrDst\": \"10.0.0.1\"") + "]}}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).anySatisfy(err -> {
                    assertThat(err.path()).isEqualTo("$.NETWORK.FIREWALL.rules[0].ipAddrDst");
                    assertThat(err.reason()).contains("ipAddrDest");
                }));
        ConfigDocument ok = ConfigDocument.parse("{\"NETWORK\": {\"FIREWALL\": {\"rules\": ["
                + String.format(rule, "\"comment\": \"from the HMI\"") + "]}}}");
        assertThat(ok.toJson()).contains("from the HMI");
        assertThat(ok.warnings()).anySatisfy(w -> assertThat(w.path()).endsWith("comment"));
    }

    @Test
    void unpairedSurrogatesAreRefusedRatherThanChangedOnWriteBack() throws ConfigException {
        assertThatThrownBy(() -> ConfigDocument.parse("{\"zz\": {\"s\": \"a\\ud800b\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors().get(0).path()).isEqualTo("$.zz.s"));
        ConfigDocument paired = ConfigDocument.parse("{\"zz\": {\"s\": \"a\\ud83d\\ude00b\"}}");
        assertThat(ConfigDocument.parse(paired.toJson())).isEqualTo(paired);
    }

    @Test
    void rangesOverAReservedPortAreAllowedWithAWarning() throws ConfigException {
        ConfigDocument doc = ConfigDocument.parse("{\"NETWORK\": {\"FIREWALL\": {\"rules\": [{\"status\": true, "
                + "\"action\": \"deny\", \"protocol\": \"udp\", \"zone\": \"In\", \"portDest\": \"50-70\"}]}}}");
        assertThat(doc.warnings()).anySatisfy(w -> {
            assertThat(w.path()).isEqualTo("$.NETWORK.FIREWALL.rules[0].portDest");
            assertThat(w.reason()).contains("53");
        });
    }
}
