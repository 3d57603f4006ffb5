package dev.palisade.routing;

/**
 * The gateway's interfaces as the procedure sees them: where a packet arrived and where it
 * leaves. {@code HOST} is the gateway itself (its own outgoing packets; deliveries to it are
 * egress "local").
 */
public enum Interface {
    LAN("lan"),
    WAN("wan"),
    HOST("host");

    private final String key;

    Interface(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The interface named {@code key} ("lan", "wan", "host"), or null. */
    public static Interface byKey(String key) {
        for (Interface i : values()) {
            if (i.key.equals(key)) {
                return i;
            }
        }
        return null;
    }
}
