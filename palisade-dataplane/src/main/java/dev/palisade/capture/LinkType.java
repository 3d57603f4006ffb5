package dev.palisade.capture;

/**
 * Link-layer header types (the IANA "PCAP LinkType" registry, shared by pcap and pcapng) that
 * the gateway meets in practice, with a lookup of their registry names for messages. Other
 * values are legal in files; they are simply reported by number.
 */
public final class LinkType {
    /** BSD loopback: a 4-byte host-order address family, then the packet. */
    public static final int NULL = 0;
    /** IEEE 802.3 Ethernet. */
    public static final int ETHERNET = 1;
    /** Raw IPv4 or IPv6, the version taken from the first nibble. */
    public static final int RAW = 101;
    /** Linux "cooked" capture, version 1 (what {@code tcpdump -i any} used to write). */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux "cooked" capture, version 2. */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {}

    /**
     * Returns the registry name without its {@code LINKTYPE_} prefix, e.g. {@code "ETHERNET"}, or
     * {@code "LINKTYPE_300"} for a value this class does not list.
     */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case RAW -> "RAW";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
