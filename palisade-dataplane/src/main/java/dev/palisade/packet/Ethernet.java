package dev.palisade.packet;

/**
 * Ethernet II header, optionally followed by one or more 802.1Q tags.
 *
 * <pre>
 *  0                   6                   12      14
 * +-------------------+-------------------+-------+---------
 * | destination MAC   | source MAC        | type  | payload
 * +-------------------+-------------------+-------+---------
 *   802.1Q: type 0x8100, then TCI (2 bytes) and the inner type
 * </pre>
 */
public final class Ethernet {

    public static final int HEADER_LENGTH = 14;
    public static final int DESTINATION_OFFSET = 0;
    public static final int SOURCE_OFFSET = 6;
    public static final int TYPE_OFFSET = 12;
    public static final int VLAN_TAG_LENGTH = 4;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;
    public static final int TYPE_QINQ = 0x88a8;
    public static final int TYPE_IPV6 = 0x86dd;

    private Ethernet() {
    }

    /** Copies a 6-byte MAC address. */
    public static void copyMac(byte[] from, int fromOffset, byte[] to, int toOffset) {
        System.arraycopy(from, fromOffset, to, toOffset, 6);
    }

    /** Packs 6 bytes of a MAC address into the low 48 bits of a long. */
    public static long macAsLong(byte[] b, int offset) {
        return (long) Bytes.u16(b, offset) << 32 | (Bytes.i32(b, offset + 2) & 0xffffffffL);
    }

    /** Writes a MAC address held in the low 48 bits of a long. */
    public static void putMac(byte[] b, int offset, long mac) {
        Bytes.put16(b, offset, (int) (mac >>> 32));
        Bytes.put32(b, offset + 2, (int) mac);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes) into the low 48 bits of a long. */
    public static long parseMac(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address");
        }
        long mac = 0;
        for (String part : parts) {
            if (part.length() != 2) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address");
            }
            mac = mac << 8 | Integer.parseInt(part, 16);
        }
        return mac;
    }

    public static String formatMac(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int octet = (int) (mac >>> shift) & 0xff;
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xf, 16));
        }
        return sb.toString();
    }
}
