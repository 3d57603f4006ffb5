package dev.palisade.ips.rules;

/**
 * One inspection step over a buffer, in rule order: {@link ContentMatch}, {@link PcreMatch},
 * {@link ByteTest}, {@link ByteJump}, {@link IsDataAt} or {@link SizeMatch} ({@code bsize}). Steps
 * flagged relative continue from where the previous step of the same buffer matched.
 */
public sealed interface PayloadMatch permits ContentMatch, PcreMatch, ByteTest, ByteJump, IsDataAt, SizeMatch {

    /** Whether the step is anchored at the end of the previous match in the same buffer. */
    boolean relative();
}
