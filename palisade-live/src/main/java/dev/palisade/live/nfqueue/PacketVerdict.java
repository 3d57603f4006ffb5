package dev.palisade.live.nfqueue;

/**
 * What an inspector decides for a queued packet. {@code ACCEPT_SETTLED} accepts it and sets the
 * "inspection finished" bit of its connection's mark, after which the ruleset stops queueing the
 * connection.
 */
public enum PacketVerdict {
    ACCEPT,
    DROP,
    ACCEPT_SETTLED
}
