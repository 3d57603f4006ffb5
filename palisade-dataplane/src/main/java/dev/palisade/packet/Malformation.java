package dev.palisade.packet;

/**
 * Why a frame was refused before policy. Each has a stable key for counters and verdict output;
 * a malformed frame is counted and dropped, never thrown.
 */
public enum Malformation {
    NONE("none"),
    TRUNCATED_ETHERNET("truncated-ethernet"),
    TRUNCATED_ARP("truncated-arp"),
    TRUNCATED_IPV4("truncated-ipv4"),
    BAD_IP_VERSION("bad-ip-version"),
    BAD_IP_HEADER_LENGTH("bad-ip-header-length"),
    BAD_IP_TOTAL_LENGTH("bad-ip-total-length"),
    BAD_IP_CHECKSUM("bad-ip-checksum"),
    BAD_IP_OPTIONS("bad-ip-options"),
    SOURCE_ROUTED("source-routed"),
    BAD_SOURCE_ADDRESS("bad-source-address"),
    /** A destination never forwarded: 0/8, loopback, class E, a directed broadcast in transit. */
    BAD_DESTINATION_ADDRESS("bad-destination-address"),
    TRUNCATED_TCP("truncated-tcp"),
    BAD_TCP_HEADER_LENGTH("bad-tcp-header-length"),
    BAD_TCP_FLAGS("bad-tcp-flags"),
    TRUNCATED_UDP("truncated-udp"),
    BAD_UDP_LENGTH("bad-udp-length"),
    TRUNCATED_ICMP("truncated-icmp"),
    BAD_L4_CHECKSUM("bad-l4-checksum"),
    BAD_FRAGMENT("bad-fragment");

    private final String key;

    Malformation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
