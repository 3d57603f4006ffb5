package dev.palisade.config;

import static dev.palisade.config.TestDocs.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Write-back keeps what the code does not know; parse, write and parse again changes nothing. */
class RoundTripTest {

    @Test
    void unknownKeysSurviveEverywhereInTheirOrder() throws ConfigException {
        String json = """
                {
                  "zz.vendor.app": {"b": 1, "a": [true, null, 1.50, 1e400, 123456789012345678901234567890]},
                  "NETWORK": {
                    "LAN": {"vendorHint": "x", "IP": "192.168.1.1"},
                    "FIREWALL": {"rules": [
                      {"comment": "allow modbus", "status": true, "action": "accept", "protocol": "tcp",
                       "zone": "In", "portDest": "502", "id": 7}
                    ]},
                    "EXTRA": {"nested": {"deep": ["keep", {"me": "too"}]}}
                  },
                  "ABOUT": {"text": "mine"},
                  "aaa": "unicode \\u00e9 \\ud83d\\ude00"
                }
                """;
        ConfigDocument document = ConfigDocument.parse(json);
        JsonNode tree = document.tree();
        assertThat(tree.propertyNames()).startsWith("zz.vendor.app", "NETWORK", "ABOUT", "aaa");
        assertThat(tree.at("/zz.vendor.app/a").toString()).isEqualTo("[true,null,1.50,1E+400,123456789012345678901234567890]");
        assertThat(tree.at("/NETWORK/LAN").propertyNames()).startsWith("vendorHint", "IP");
        assertThat(tree.at("/NETWORK/FIREWALL/rules/0/comment").stringValue()).isEqualTo("allow modbus");
        assertThat(tree.at("/NETWORK/FIREWALL/rules/0/id").intValue()).isEqualTo(7);
        assertThat(tree.at("/NETWORK/EXTRA/nested/deep/1/me").stringValue()).isEqualTo("too");
        assertThat(tree.at("/ABOUT/text").stringValue()).isEqualTo("mine");
        assertThat(tree.at("/aaa").stringValue()).isEqualTo("unicode é 😀");

        ConfigDocument again = ConfigDocument.parse(document.toJson());
        assertThat(again).isEqualTo(document);
        assertThat(again.toJson()).isEqualTo(document.toJson());
        assertThat(document.warnings()).extracting(ConfigError::path).contains(
                "$.NETWORK.LAN.vendorHint", "$.NETWORK.FIREWALL.rules[0].comment", "$.NETWORK.EXTRA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"valid-full.json", "replay-example-config.json"})
    void fullDocumentsRoundTrip(String resource) throws ConfigException {
        ConfigDocument document = ConfigDocument.parse(TestDocs.resource(resource));
        ConfigDocument again = ConfigDocument.parse(document.toJson());
        assertThat(again).isEqualTo(document);
        assertThat(again.config()).isEqualTo(document.config());
        assertThat(again.settings()).isEqualTo(document.settings());
    }

    @Test
    void outputIsPrettyAndEndsWithANewline() {
        String json = ConfigDocument.defaults().toJson();
        assertThat(json).startsWith("{\n  \"ABOUT\": {\n    \"text\": ").endsWith("}\n").contains("\"rules\": []");
    }

    /**
     * Seeded random valid documents: firewall rules drawn from every form the grammar allows
     * must round-trip to the same text and the same typed rules.
     */
    @Test
    void randomValidDocumentsRoundTrip() throws ConfigException {
        SplittableRandom random = new SplittableRandom(0x9a115ade);
        for (int round = 0; round < 200; round++) {
            int count = random.nextInt(20);
            List<String> rules = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                rules.add(randomRule(random));
            }
            String json = "{\"NETWORK\": {\"FIREWALL\": {\"rules\": [" + String.join(",", rules) + "]}, "
                    + "\"NAT\": {\"masquerading\": " + random.nextBoolean() + "}}, \"x" + round + "\": " + round + "}";
            ConfigDocument document = ConfigDocument.parse(json);
            ConfigDocument again = ConfigDocument.parse(document.toJson());
            assertThat(again).as(json).isEqualTo(document);
            assertThat(again.config()).as(json).isEqualTo(document.config());
            assertThat(document.config().network().firewallRules()).hasSize(count);
        }
    }

    @Test
    void ruleFormsBindToTheirMeaning() throws ConfigException {
        FirewallRule rule = ConfigDocument.parse("""
                {"NETWORK": {"FIREWALL": {"rules": [{"status": true, "action": "deny", "protocol": "udp", "zone": "Out",
                  "ipAddrSource": "10.0.0.0/8", "ipAddrDest": "any", "portSource": "1000-2000", "portDest": 5000}]}}}
                """).config().network().firewallRules().getFirst();
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.action()).isEqualTo(FirewallRule.Action.DENY);
        assertThat(rule.protocol()).isEqualTo(FirewallRule.RuleProtocol.UDP);
        assertThat(rule.zone()).isEqualTo(FirewallRule.Zone.OUT);
        assertThat(rule.source()).hasToString("10.0.0.0/8");
        assertThat(rule.destination()).isEqualTo(Ipv4Prefix.ANY);
        assertThat(rule.sourcePort()).isEqualTo(new PortRange(1000, 2000));
        assertThat(rule.destinationPort()).isEqualTo(PortRange.single(5000));
    }

    private static String randomRule(SplittableRandom random) {
        String address = switch (random.nextInt(5)) {
            case 0 -> q("");
            case 1 -> q("any");
            case 2 -> q(randomAddress(random));
            case 3 -> {
                int length = random.nextInt(33);
                yield q(Ipv4Prefix.containing(random.nextInt(), length).toString());
            }
            default -> null;
        };
        String port = switch (random.nextInt(5)) {
            case 0 -> q("");
            case 1 -> q("any");
            case 2 -> String.valueOf(randomFreePort(random));
            case 3 -> {
                int lo = 1 + random.nextInt(65535);
                int hi = lo + random.nextInt(65536 - lo);
                yield q(lo == hi ? String.valueOf(randomFreePort(random)) : lo + "-" + hi);
            }
            default -> null;
        };
        String protocol = port == null || port.equals(q("")) || port.equals(q("any"))
                ? List.of("any", "icmp", "tcp", "udp").get(random.nextInt(4))
                : List.of("any", "tcp", "udp").get(random.nextInt(3));
        StringBuilder rule = new StringBuilder("{\"status\": " + random.nextBoolean()
                + ", \"action\": \"" + (random.nextBoolean() ? "accept" : "deny") + "\""
                + ", \"protocol\": \"" + protocol + "\", \"zone\": \"" + (random.nextBoolean() ? "In" : "Out") + "\"");
        if (address != null) {
            rule.append(", \"ipAddrSource\": ").append(address);
        }
        if (port != null) {
            rule.append(", \"portDest\": ").append(port);
        }
        if (random.nextInt(4) == 0) {
            rule.append(", \"note\": ").append(q("n" + random.nextInt()));
        }
        return rule.append('}').toString();
    }

    private static String randomAddress(SplittableRandom random) {
        return (random.nextInt(256)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private static int randomFreePort(SplittableRandom random) {
        while (true) {
            int port = 1 + random.nextInt(65535);
            if (!Ports.isReserved(port)) {
                return port;
            }
        }
    }
}
