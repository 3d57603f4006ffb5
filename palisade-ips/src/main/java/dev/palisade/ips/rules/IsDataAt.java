package dev.palisade.ips.rules;

/**
 * An {@code isdataat}: whether the buffer holds a byte at {@code offset} (relative to the previous
 * match when {@code relative}); {@code negated} asks that it does not.
 */
public record IsDataAt(int offset, boolean negated, boolean relative) implements PayloadMatch {
}
