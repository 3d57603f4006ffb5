package dev.palisade.config.model;

/** An inclusive range of TCP/UDP ports; a single port has {@code first == last}. */
public record PortRange(int first, int last) {

    public static final PortRange ANY = new PortRange(0, 65535);

    public PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean isAny() {
        return first == 0 && last == 65535;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : first == last ? Integer.toString(first) : first + "-" + last;
    }
}
