package dev.palisade.config.model;

/**
 * An IPv4 address held as its 32-bit big-endian value, so the data plane can compare it with
 * packet fields without conversion. {@link #parse} is strict: four decimal numbers 0-255, no
 * leading zeros (which some parsers read as octal), nothing else.
 */
public record Ipv4Address(int value) implements Comparable<Ipv4Address> {

    public static final Ipv4Address ANY = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    /** Parses dotted-quad text; throws {@link IllegalArgumentException} with the reason. */
    public static Ipv4Address parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IPv4 address");
        }
        int value = 0;
        int octets = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            int octet = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i) - '0');
                if (octet > 255) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: a number exceeds 255");
                }
                i++;
            }
            int digits = i - start;
            if (digits == 0) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: expected four numbers 0-255 separated by dots");
            }
            if (digits > 1 && text.charAt(start) == '0') {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: leading zeros are not allowed");
            }
            value = (value << 8) | octet;
            octets++;
            if (i < n) {
                if (text.charAt(i) != '.' || octets == 4) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: expected four numbers 0-255 separated by dots");
                }
                i++;
                if (i == n) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: trailing dot");
                }
            }
        }
        if (octets != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: expected four numbers 0-255 separated by dots");
        }
        return new Ipv4Address(value);
    }

    public static Ipv4Address of(int a, int b, int c, int d) {
        return new Ipv4Address((a & 0xff) << 24 | (b & 0xff) << 16 | (c & 0xff) << 8 | (d & 0xff));
    }

    /** Formats a raw 32-bit address as dotted quad. */
    public static String format(int value) {
        return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }

    public int firstOctet() {
        return value >>> 24;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return format(value);
    }
}
