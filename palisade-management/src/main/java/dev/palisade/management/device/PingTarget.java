package dev.palisade.management.device;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What the ping tool accepts: a DNS host name (RFC 1123 letters, digits and hyphens, dot-separated
 * labels of 1..63 characters not starting or ending with a hyphen, at most 253 characters), an IPv4
 * address in dotted decimal, or an IPv6 address. Anything else is refused with a reason, before any
 * process starts: the spec allows no options ("does not provide the capability to define keys"), so
 * nothing that could read as one (a leading hyphen), no spaces, no shell characters get through. The
 * accepted text is passed as one element of an argument list, never through a shell.
 */
public record PingTarget(String host, Kind kind) {

    /** What the text was recognised as. */
    public enum Kind {
        IPV4,
        IPV6,
        HOST_NAME
    }

    /** Longest text looked at (a full IPv6 address with scope is far shorter; a host name at most 253). */
    public static final int MAX_LENGTH = 253;

    /** The target for {@code text}, or why it is refused. */
    public static Result parse(String text) {
        if (text == null || text.isEmpty()) {
            return refused("enter a host name or an IP address");
        }
        if (text.length() > MAX_LENGTH) {
            return refused("at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
            if (!allowed) {
                return refused("only letters, digits, '.', '-' and ':' are allowed (no spaces, options or other characters)");
            }
        }
        if (text.charAt(0) == '-') {
            return refused("must not start with '-': the ping tool takes no options");
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        if (text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return ipv4(text);
        }
        return hostName(text);
    }

    private static Result ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return refused("an IPv4 address has four numbers separated by dots");
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return refused("each number of an IPv4 address is 0-255, without leading zeros");
            }
        }
        return new Result(Optional.of(new PingTarget(text, Kind.IPV4)), null);
    }

    private static Result ipv6(String text) {
        // Only hex digits, ':' and (for an embedded IPv4 tail) '.' may appear; then the JDK parses a
        // literal (it never resolves names when the text is a literal, and this text can be no name).
        if (!text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return refused("an IPv6 address has hexadecimal groups separated by ':'");
        }
        try {
            InetAddress.ofLiteral(text);
            return new Result(Optional.of(new PingTarget(text, Kind.IPV6)), null);
        } catch (IllegalArgumentException e) {
            return refused("not a valid IPv6 address");
        }
    }

    private static Result hostName(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty()) {
            return refused("not a valid host name");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return refused("each label of a host name has 1-63 characters");
            }
            if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return refused("a label of a host name must not start or end with '-'");
            }
        }
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return refused("not a valid IPv4 address or host name");
        }
        return new Result(Optional.of(new PingTarget(text, Kind.HOST_NAME)), null);
    }

    private static Result refused(String reason) {
        return new Result(Optional.empty(), reason);
    }

    /** The accepted target, or the reason of the refusal. */
    public record Result(Optional<PingTarget> target, String problem) {

        public boolean accepted() {
            return target.isPresent();
        }
    }

    /** Resolves nothing; for logging and tests. */
    @Override
    public String toString() {
        return host;
    }
}
