package dev.palisade.live.nfqueue;

/**
 * Decides queued packets, on the queue's thread. The packet view and its payload are valid only
 * during the call. Must not block for long: the kernel queue fills meanwhile. An exception is a
 * bug; the queue counts it and drops the packet (fail-closed).
 */
@FunctionalInterface
public interface PacketInspector {

    PacketVerdict inspect(QueuedPacket packet);
}
