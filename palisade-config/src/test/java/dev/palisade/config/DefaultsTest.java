package dev.palisade.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.InstalledApplication;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.SettingsConfig;
import dev.palisade.config.model.SyslogConfig;
import org.junit.jupiter.api.Test;

/** An empty document is a freshly installed gateway; the first-run document adds the unconfigured IPS. */
class DefaultsTest {

    @Test
    void emptyDocumentIsAFreshlyInstalledRouter() throws ConfigException {
        GatewayConfig config = ConfigDocument.parse("{}").config();
        assertThat(config.routerMode()).isTrue();
        assertThat(config.modeSwitch().developerMode()).isFalse();
        assertThat(config.modeSwitch().noSecureMode()).isFalse();
        assertThat(config.applications()).isEmpty();

        NetworkConfig network = config.network();
        LanConfig lan = network.lan();
        assertThat(lan.address()).isEqualTo(Ipv4Address.parse("192.168.1.1"));
        assertThat(lan.subnet()).isEqualTo(new Ipv4Prefix(Ipv4Address.parse("192.168.1.0").value(), 24));
        assertThat(lan.dhcpServer()).isTrue();
        assertThat(lan.firstDhcpAddress()).hasToString("192.168.1.100");
        assertThat(lan.lastDhcpAddress()).hasToString("192.168.1.200");
        assertThat(lan.firstDnsServer()).hasToString("8.8.8.8");
        assertThat(lan.secondDnsServer()).hasToString("8.8.4.4");
        assertThat(lan.mac()).isEmpty();

        assertThat(network.wan().dhcp()).isTrue();
        assertThat(network.wan().address()).isEmpty();
        assertThat(network.wan().subnet()).isEmpty();
        assertThat(network.wan().defaultGateway()).isEmpty();
        assertThat(network.masquerading()).isTrue();
        assertThat(network.firewallRules()).isEmpty();
        assertThat(network.portForwards()).isEmpty();
        assertThat(network.routes()).isEmpty();
        assertThat(network.filteredProtocols()).isEmpty();
        assertThat(network.idsProxy().listsEnabled()).isFalse();
        assertThat(network.idsProxy().denylistEnabled()).isFalse();
        assertThat(network.idsProxy().statusFlag()).isTrue();
        assertThat(network.idsProxy().denylist()).isEmpty();
        assertThat(network.idsProxy().allowlist()).isEmpty();
        assertThat(network.carp().enabled()).isFalse();
        assertThat(network.carp().advskew()).isZero();
    }

    @Test
    void emptyDocumentHasSafeSettings() throws ConfigException {
        ConfigDocument document = ConfigDocument.parse("{}");
        SettingsConfig settings = document.settings();
        assertThat(settings.deviceName()).isEqualTo("palisade");
        assertThat(settings.kscHeartbeatSeconds()).isEqualTo(300);
        assertThat(settings.modemEnabled()).isFalse();
        assertThat(settings.firmwareUpdateRequested()).isFalse();
        assertThat(settings.syslog().enabled()).isFalse();
        assertThat(settings.syslog().mode()).isEqualTo(SyslogConfig.Mode.UDP);
        assertThat(settings.syslog().port()).isEqualTo(514);
        assertThat(settings.mqttNotification().enabled()).isFalse();
        assertThat(settings.mqttNotification().port()).isEqualTo(1883);
        assertThat(document.netProtector()).isEmpty();
        assertThat(document.warnings()).isEmpty();
    }

    @Test
    void defaultsFillTheDocumentWithEverySpecKey() throws ConfigException {
        var tree = ConfigDocument.parse("{}").tree();
        assertThat(tree.propertyNames()).containsExactly("ABOUT", "APPLICATIONS", "MARKETPLACE", "MODE_SWITCH", "MQTT",
                "NETWORK", "SETTINGS");
        assertThat(tree.get("NETWORK").propertyNames()).containsExactly("APP_PROTO", "CARP", "FIREWALL", "IDS_PROXY",
                "LAN", "NAPT", "NAT", "ROUTING_TABLE", "WAN");
        assertThat(tree.at("/ABOUT/text").stringValue()).startsWith("Palisade").contains("Version: ")
                .doesNotContain("${");
        assertThat(tree.at("/APPLICATIONS/APPS_CONTROL/applications").isEmpty()).isTrue();
    }

    @Test
    void defaultsAreTheEmptyDocument() throws ConfigException {
        assertThat(ConfigDocument.defaults()).isEqualTo(ConfigDocument.parse("{}"));
        assertThat(ConfigDocument.parse(ConfigDocument.defaults().toJson())).isEqualTo(ConfigDocument.defaults());
    }

    @Test
    void absentKeysInsideAPresentObjectTakeTheirDefaults() throws ConfigException {
        LanConfig lan = ConfigDocument.parse("{\"NETWORK\": {\"LAN\": {\"DHCPFlag\": false}}}").config().network().lan();
        assertThat(lan.dhcpServer()).isFalse();
        assertThat(lan.address()).hasToString("192.168.1.1");
    }

    @Test
    void firstRunListsTheIpsInstalledButNotConfigured() throws ConfigException {
        ConfigDocument firstRun = ConfigDocument.firstRun();
        InstalledApplication ips = firstRun.config().application(NetworkProtector.PACKAGE_ID).orElseThrow();
        assertThat(ips.configured()).isFalse();
        assertThat(ips.execute()).isTrue();
        assertThat(firstRun.netProtector()).isEmpty();
        assertThat(firstRun.config().applications()).hasSize(1);
        assertThat(firstRun.config().network()).isEqualTo(ConfigDocument.defaults().config().network());
        assertThat(ConfigDocument.parse(firstRun.toJson())).isEqualTo(firstRun);
        assertThat(firstRun.warnings()).isEmpty();
    }

    @Test
    void ipsMarkedConfiguredWithoutRulesIsWarnedAbout() throws ConfigException {
        ConfigDocument document = ConfigDocument.parse("""
                {"APPLICATIONS": {"APPS_CONTROL": {"applications": [
                  {"package_id": "palisade.netprotector", "execute": true, "configured": true}]}}}
                """);
        assertThat(document.warnings()).singleElement()
                .satisfies(w -> assertThat(w.reason()).contains("emergency mode"));
    }
}
