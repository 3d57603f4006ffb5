package dev.palisade.notify.queue;

/** A record waiting in a queue: its queue index and its payload (a copy the caller may keep). */
public record QueuedRecord(long index, byte[] payload) {
}
