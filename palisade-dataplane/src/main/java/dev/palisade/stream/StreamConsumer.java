package dev.palisade.stream;

/**
 * Receives the bytes of one direction of a TCP stream, in order, from a
 * {@link StreamReassembler}. The array is the caller's packet or the reassembler's buffer, so
 * the bytes are valid only during the call and must not be modified: an inspector that needs them
 * later copies them. A consumer must not call back into the reassembler that is delivering
 * (record the decision and let the caller act after {@code segment} returns), and must not throw.
 */
@FunctionalInterface
public interface StreamConsumer {

    /** The next {@code length} bytes of {@code flow}'s stream in {@code direction} (0 or 1). */
    void data(int flow, int direction, byte[] buffer, int offset, int length);
}
