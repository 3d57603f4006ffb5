package dev.palisade.policy;

/**
 * What happens to a packet: passed on, silently discarded, or refused with a reset. {@code HELD}
 * is the temporary state of a fragment waiting for the rest of its datagram.
 */
public enum Verdict {
    ACCEPT("accept"),
    DROP("drop"),
    REJECT("reject"),
    HELD("held");

    private final String key;

    Verdict(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
