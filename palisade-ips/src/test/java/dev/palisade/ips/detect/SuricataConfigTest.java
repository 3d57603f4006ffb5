package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading the behaviour-changing settings of a suricata.yaml, with Suricata's defaults for what it omits. */
class SuricataConfigTest {

    @Test
    void omittedSettingsTakeSuricatasDefaults() {
        ProtectorSettings s = SuricataConfig.empty().settings(ProtectorSettings.DEFAULTS);
        assertThat(s.modbusEnabled()).isFalse();
        assertThat(s.mqttEnabled()).isTrue();
        assertThat(s.midstream()).isFalse();
        assertThat(s.mqttEve().logPasswords()).isTrue();
        assertThat(s.mqtt().maxMessageLength()).isEqualTo(1 << 20);
    }

    @Test
    void readsProtocolsLimitsOutputsAndSetOverrides() {
        SuricataConfig c = SuricataConfig.parse("""
                %YAML 1.1
                ---
                outputs:
                  - eve-log:
                      enabled: yes
                      types:
                        - alert
                        - mqtt:
                            string-log-limit: 10kb
                            passwords: no
                app-layer:
                  protocols:
                    modbus:
                      enabled: yes
                      request-flood: 7
                      detection-ports:
                        dp: 5020
                    mqtt:
                      enabled: no
                      max-msg-length: 1mb
                      max-tx: 12
                """).with("stream.midstream=true");
        ProtectorSettings s = c.settings(ProtectorSettings.DEFAULTS);
        assertThat(s.modbusEnabled()).isTrue();
        assertThat(s.modbus().requestFloodThreshold()).isEqualTo(7);
        assertThat(s.modbusPort()).isEqualTo(5020);
        assertThat(s.mqttEnabled()).isFalse();
        assertThat(s.mqtt().maxMessageLength()).isEqualTo(1 << 20);
        assertThat(s.mqtt().maxTransactions()).isEqualTo(12);
        assertThat(s.mqttEve().stringLogLimit()).isEqualTo(10 * 1024);
        assertThat(s.mqttEve().logPasswords()).isFalse();
        assertThat(s.midstream()).isTrue();
        assertThat(c.eveTypes()).contains(Set.of("alert", "mqtt"));
    }

    @Test
    void invalidValuesAreErrorsNamingTheKey() {
        SuricataConfig bad = SuricataConfig.parse("""
                outputs:
                  - eve-log:
                      types:
                        - mqtt:
                            string-log-limit: XXX
                """);
        assertThatThrownBy(() -> bad.settings(ProtectorSettings.DEFAULTS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid size argument").hasMessageContaining("string-log-limit");
        assertThatThrownBy(() -> SuricataConfig.empty().with("stream.midstream=maybe").settings(ProtectorSettings.DEFAULTS))
                .hasMessageContaining("stream.midstream");
        assertThatThrownBy(() -> SuricataConfig.parse("- a\n- b\n")).hasMessageContaining("mapping");
        assertThatThrownBy(() -> SuricataConfig.parse("a: [b\n")).hasMessageContaining("YAML");
        assertThatThrownBy(() -> SuricataConfig.empty().with("novalue")).hasMessageContaining("key=value");
    }
}
