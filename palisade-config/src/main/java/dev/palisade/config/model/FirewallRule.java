package dev.palisade.config.model;

/**
 * One custom firewall rule of {@code NETWORK.FIREWALL.rules}. Absent, empty or {@code any}
 * addresses and ports are {@link Ipv4Prefix#ANY} and {@link PortRange#ANY}. {@code zone} says
 * where the packet arrived from: {@link Zone#IN} the LAN, {@link Zone#OUT} the WAN.
 */
public record FirewallRule(
        boolean enabled,
        Action action,
        Ipv4Prefix source,
        Ipv4Prefix destination,
        PortRange sourcePort,
        PortRange destinationPort,
        RuleProtocol protocol,
        Zone zone) {

    /** {@code action}: {@code accept} or {@code deny}. */
    public enum Action {
        ACCEPT("accept"),
        DENY("deny");

        private final String key;

        Action(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** {@code protocol}: {@code any}, {@code icmp}, {@code tcp} or {@code udp}. */
    public enum RuleProtocol {
        ANY("any", -1),
        ICMP("icmp", 1),
        TCP("tcp", 6),
        UDP("udp", 17);

        private final String key;
        private final int ipProtocol;

        RuleProtocol(String key, int ipProtocol) {
            this.key = key;
            this.ipProtocol = ipProtocol;
        }

        public String key() {
            return key;
        }

        /** The IPv4 protocol number, or -1 for any. */
        public int ipProtocol() {
            return ipProtocol;
        }
    }

    /** {@code zone}: {@code In} (arrived from the LAN) or {@code Out} (arrived from the WAN). */
    public enum Zone {
        IN("In"),
        OUT("Out");

        private final String key;

        Zone(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
