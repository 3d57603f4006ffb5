package dev.palisade.config.model;

/**
 * An IPv4 network: base address and prefix length 0-32. The base has no host bits set. Used for
 * subnets, routes and the address fields of firewall rules, where a single address is a /32 and
 * "any" is {@link #ANY}.
 */
public record Ipv4Prefix(int address, int length) {

    public static final Ipv4Prefix ANY = new Ipv4Prefix(0, 0);

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not within 0-32");
        }
        if ((address & ~maskOf(length)) != 0) {
            throw new IllegalArgumentException(Ipv4Address.format(address) + "/" + length + " has host bits set");
        }
    }

    /** The prefix containing {@code address} with the given length (host bits cleared). */
    public static Ipv4Prefix containing(int address, int length) {
        return new Ipv4Prefix(address & maskOf(length), length);
    }

    public static Ipv4Prefix host(Ipv4Address address) {
        return new Ipv4Prefix(address.value(), 32);
    }

    /** The netmask of a prefix length: 24 gives 0xffffff00. */
    public static int maskOf(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The prefix length of a contiguous netmask, or -1 when the mask is not contiguous. */
    public static int lengthOfMask(int mask) {
        int length = Integer.bitCount(mask);
        return maskOf(length) == mask ? length : -1;
    }

    public int mask() {
        return maskOf(length);
    }

    public boolean contains(int candidate) {
        return (candidate & mask()) == address;
    }

    public boolean isAny() {
        return length == 0;
    }

    /** The directed broadcast address of this network. */
    public int broadcast() {
        return address | ~mask();
    }

    public boolean overlaps(Ipv4Prefix other) {
        int shorter = Math.min(length, other.length);
        int m = maskOf(shorter);
        return (address & m) == (other.address & m);
    }

    @Override
    public String toString() {
        return Ipv4Address.format(address) + "/" + length;
    }
}
