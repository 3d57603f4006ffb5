package dev.palisade.config;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads the address-valued keys of the document: plain addresses, netmasks, firewall address
 * conditions, allow/deny list entries and MAC addresses. Each method reports its own errors.
 */
final class Addresses {

    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    private Addresses() {
    }

    /** True when the key is absent or holds the empty string: "not set" for optional addresses. */
    static boolean blank(Fields fields, String key) {
        return !fields.has(key) || (fields.raw(key).isString() && fields.raw(key).stringValue().isEmpty());
    }

    /**
     * A dotted-quad address. Absent or {@code ""} gives empty, with an error only when
     * {@code required}.
     */
    static Optional<Ipv4Address> address(Fields fields, String key, boolean required) {
        if (blank(fields, key)) {
            if (required) {
                fields.error(key, "required: an IPv4 address such as 192.168.1.1");
            }
            return Optional.empty();
        }
        Optional<String> text = fields.string(key, true);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ipv4Address.parse(text.get()));
        } catch (IllegalArgumentException e) {
            fields.error(key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * An address a host can own and be reached at: not in 0.0.0.0/8 (this network), 127.0.0.0/8
     * (loopback), 224.0.0.0/4 (multicast) or 240.0.0.0/4 (reserved, broadcast).
     */
    static Optional<Ipv4Address> hostAddress(Fields fields, String key, boolean required) {
        Optional<Ipv4Address> address = address(fields, key, required);
        if (address.isPresent() && !isUnicast(address.get())) {
            fields.error(key, address.get() + " is not a unicast host address");
            return Optional.empty();
        }
        return address;
    }

    static boolean isUnicast(Ipv4Address address) {
        int first = address.firstOctet();
        return first != 0 && first != 127 && first < 224;
    }

    /** A contiguous netmask such as 255.255.255.0, returned as its prefix length. */
    static OptionalInt netmask(Fields fields, String key, boolean required) {
        Optional<Ipv4Address> mask = address(fields, key, required);
        if (mask.isEmpty()) {
            return OptionalInt.empty();
        }
        int length = Ipv4Prefix.lengthOfMask(mask.get().value());
        if (length < 0) {
            fields.error(key, mask.get() + " is not a contiguous netmask (ones followed by zeros, e.g. 255.255.255.0)");
            return OptionalInt.empty();
        }
        return OptionalInt.of(length);
    }

    /**
     * An allow- or denylist entry, per the Network Protector rules: four numbers 0-255 separated by
     * dots, not starting with 0, not blank, not 255.255.255.255.
     */
    static Optional<Ipv4Address> listEntry(Fields fields, String key) {
        Optional<Ipv4Address> address = address(fields, key, true);
        if (address.isEmpty()) {
            return address;
        }
        if (address.get().firstOctet() == 0) {
            fields.error(key, address.get() + " starts with 0, which list entries may not");
            return Optional.empty();
        }
        if (address.get().equals(Ipv4Address.BROADCAST)) {
            fields.error(key, "255.255.255.255 is not allowed in the lists");
            return Optional.empty();
        }
        return address;
    }

    /**
     * A firewall address condition: absent, {@code ""} or {@code any} for any address, a single
     * address, or (an extension) a CIDR prefix {@code a.b.c.d/n} without host bits.
     */
    static Optional<Ipv4Prefix> ruleAddress(Fields fields, String key) {
        if (blank(fields, key)) {
            return Optional.of(Ipv4Prefix.ANY);
        }
        Optional<String> value = fields.string(key, true);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        if (text.equals("any")) {
            return Optional.of(Ipv4Prefix.ANY);
        }
        int slash = text.indexOf('/');
        try {
            if (slash < 0) {
                return Optional.of(Ipv4Prefix.host(Ipv4Address.parse(text)));
            }
            Ipv4Address base = Ipv4Address.parse(text.substring(0, slash));
            var length = Numbers.digits(text.substring(slash + 1));
            if (length.isEmpty() || length.getAsLong() > 32) {
                fields.error(key, "'" + text + "': the prefix length after / must be a number 0-32");
                return Optional.empty();
            }
            int bits = (int) length.getAsLong();
            if ((base.value() & ~Ipv4Prefix.maskOf(bits)) != 0) {
                fields.error(key, "'" + text + "' has host bits set; the network is "
                        + Ipv4Prefix.containing(base.value(), bits));
                return Optional.empty();
            }
            return Optional.of(new Ipv4Prefix(base.value(), bits));
        } catch (IllegalArgumentException e) {
            fields.error(key, "expected any, an IPv4 address or a prefix a.b.c.d/n: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A MAC address XX:XX:XX:XX:XX:XX; absent or "" gives empty without error. */
    static Optional<String> mac(Fields fields, String key) {
        if (blank(fields, key)) {
            return Optional.empty();
        }
        Optional<String> text = fields.string(key, true);
        if (text.isPresent() && !MAC.matcher(text.get()).matches()) {
            fields.error(key, "'" + text.get() + "' is not a MAC address XX:XX:XX:XX:XX:XX");
            return Optional.empty();
        }
        return text;
    }

    /**
     * Whether {@code address} is a host of {@code subnet}: inside it and, for subnets with a
     * network and a broadcast address (prefix length 30 or less), neither of them.
     */
    static boolean isHostOf(Ipv4Prefix subnet, Ipv4Address address) {
        if (!subnet.contains(address.value())) {
            return false;
        }
        return subnet.length() > 30 || (address.value() != subnet.address() && address.value() != subnet.broadcast());
    }
}
