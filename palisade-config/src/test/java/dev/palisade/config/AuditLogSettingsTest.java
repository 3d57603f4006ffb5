package dev.palisade.config;

import static dev.palisade.config.TestDocs.edited;
import static dev.palisade.config.TestDocs.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.config.model.AuditLogSettings;
import org.junit.jupiter.api.Test;

/** {@code SETTINGS.AUDIT}: defaults when absent, typed when given, refused with its JSON path when out of bounds. */
class AuditLogSettingsTest {

    @Test
    void absentMeansTheDefaults() throws Exception {
        assertThat(ConfigDocument.parse(edited()).auditLogs()).isEqualTo(AuditLogSettings.DEFAULTS);
        assertThat(ConfigDocument.firstRun().auditLogs()).isEqualTo(AuditLogSettings.DEFAULTS);
    }

    @Test
    void givenValuesAreTypedAndMissingOnesDefault() throws Exception {
        ConfigDocument doc = ConfigDocument.parse(edited(set("/SETTINGS/AUDIT", "{\"firewall_capacity\": 2048, \"warn_free_percent\": 25}")));
        assertThat(doc.auditLogs()).isEqualTo(new AuditLogSettings(2048, 65_536, 25));
        assertThat(doc.warnings()).isEmpty();
        assertThat(ConfigDocument.parse(doc.toJson()).auditLogs()).isEqualTo(doc.auditLogs());
    }

    @Test
    void outOfBoundsValuesAreRefusedWithTheirPath() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(edited(
                set("/SETTINGS/AUDIT", "{\"firewall_capacity\": 15, \"os_capacity\": 10000001, \"warn_free_percent\": 0}"))));
        assertThat(e.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder("$.SETTINGS.AUDIT.firewall_capacity",
                "$.SETTINGS.AUDIT.os_capacity", "$.SETTINGS.AUDIT.warn_free_percent");
        ConfigException notObject = catchThrowableOfType(ConfigException.class,
                () -> ConfigDocument.parse(edited(set("/SETTINGS/AUDIT", "[]"))));
        assertThat(notObject.errors()).extracting(ConfigError::path).containsExactly("$.SETTINGS.AUDIT");
    }

    @Test
    void anUnknownKeyIsAWarning() throws Exception {
        ConfigDocument doc = ConfigDocument.parse(edited(set("/SETTINGS/AUDIT", "{\"firewal_capacity\": 100}")));
        assertThat(doc.auditLogs()).isEqualTo(AuditLogSettings.DEFAULTS);
        assertThat(doc.warnings()).extracting(ConfigError::path).contains("$.SETTINGS.AUDIT.firewal_capacity");
    }
}
