package dev.palisade.conntrack;

/**
 * Direction of a packet within its connection: {@code ORIGINAL} is the way the first packet went,
 * {@code REPLY} the way back. Encoded as bit 0 of a lookup handle.
 */
public final class Direction {

    public static final int ORIGINAL = 0;
    public static final int REPLY = 1;

    private Direction() {
    }
}
