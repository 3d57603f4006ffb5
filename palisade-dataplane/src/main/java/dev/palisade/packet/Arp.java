package dev.palisade.packet;

/**
 * ARP for IPv4 over Ethernet (RFC 826): 28 bytes after the Ethernet header.
 *
 * <pre>
 *  hw type (2) | proto type (2) | hw len (1) | proto len (1) | op (2)
 *  sender MAC (6) | sender IPv4 (4) | target MAC (6) | target IPv4 (4)
 * </pre>
 */
public final class Arp {

    public static final int LENGTH = 28;
    public static final int SENDER_MAC_OFFSET = 8;
    public static final int SENDER_IP_OFFSET = 14;
    public static final int TARGET_IP_OFFSET = 24;

    private Arp() {
    }

    public static int senderIp(byte[] b, int arp) {
        return Bytes.i32(b, arp + SENDER_IP_OFFSET);
    }

    public static int targetIp(byte[] b, int arp) {
        return Bytes.i32(b, arp + TARGET_IP_OFFSET);
    }

    /** True for Ethernet/IPv4 ARP with the standard lengths. */
    public static boolean isEthernetIpv4(byte[] b, int arp) {
        return Bytes.u16(b, arp) == 1 && Bytes.u16(b, arp + 2) == Ethernet.TYPE_IPV4
                && (b[arp + 4] & 0xff) == 6 && (b[arp + 5] & 0xff) == 4;
    }
}
