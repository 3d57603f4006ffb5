package dev.palisade.ips.rules;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * A {@code content} keyword with its modifiers: the pattern as bytes (hex parts and escapes
 * decoded), negation, {@code nocase}, the absolute ({@code offset}, {@code depth}) or relative
 * ({@code distance}, {@code within}) window, {@code startswith}/{@code endswith}, and whether it is
 * the rule's explicit {@code fast_pattern} (optionally only a slice of it). Immutable: the pattern
 * is copied in and out, so the matcher copies it once when it compiles its tables.
 */
public final class ContentMatch implements PayloadMatch {

    /** How the rule marked the content for the prefilter. */
    public enum FastPattern {
        /** No {@code fast_pattern} on this content. */
        NONE,
        /** {@code fast_pattern}: use this content for the prefilter. */
        YES,
        /** {@code fast_pattern:only}: the prefilter hit alone decides the content matched. */
        ONLY
    }

    private final byte[] pattern;
    private final boolean negated;
    private final boolean nocase;
    private final OptionalInt offset;
    private final OptionalInt depth;
    private final OptionalInt distance;
    private final OptionalInt within;
    private final boolean startsWith;
    private final boolean endsWith;
    private final FastPattern fastPattern;
    private final int fastPatternOffset;
    private final int fastPatternLength;

    ContentMatch(byte[] pattern, boolean negated, boolean nocase, OptionalInt offset, OptionalInt depth,
            OptionalInt distance, OptionalInt within, boolean startsWith, boolean endsWith,
            FastPattern fastPattern, int fastPatternOffset, int fastPatternLength) {
        this.pattern = pattern.clone();
        this.negated = negated;
        this.nocase = nocase;
        this.offset = offset;
        this.depth = depth;
        this.distance = distance;
        this.within = within;
        this.startsWith = startsWith;
        this.endsWith = endsWith;
        this.fastPattern = fastPattern;
        this.fastPatternOffset = fastPatternOffset;
        this.fastPatternLength = fastPatternLength;
    }

    /** A copy of the pattern bytes. */
    public byte[] pattern() {
        return pattern.clone();
    }

    public int length() {
        return pattern.length;
    }

    public boolean negated() {
        return negated;
    }

    public boolean nocase() {
        return nocase;
    }

    public OptionalInt offset() {
        return offset;
    }

    public OptionalInt depth() {
        return depth;
    }

    public OptionalInt distance() {
        return distance;
    }

    public OptionalInt within() {
        return within;
    }

    public boolean startsWith() {
        return startsWith;
    }

    public boolean endsWith() {
        return endsWith;
    }

    public FastPattern fastPattern() {
        return fastPattern;
    }

    /**
     * The bytes the prefilter should look for: the {@code fast_pattern:offset,length} slice when
     * the rule chops the content, else the whole pattern.
     */
    public byte[] prefilterBytes() {
        if (fastPatternLength > 0) {
            return Arrays.copyOfRange(pattern, fastPatternOffset, fastPatternOffset + fastPatternLength);
        }
        return pattern.clone();
    }

    @Override
    public boolean relative() {
        return distance.isPresent() || within.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentMatch c && Arrays.equals(c.pattern, pattern) && c.negated == negated
                && c.nocase == nocase && c.offset.equals(offset) && c.depth.equals(depth)
                && c.distance.equals(distance) && c.within.equals(within) && c.startsWith == startsWith
                && c.endsWith == endsWith && c.fastPattern == fastPattern
                && c.fastPatternOffset == fastPatternOffset && c.fastPatternLength == fastPatternLength;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pattern) * 31 + Boolean.hashCode(negated) * 7 + Boolean.hashCode(nocase);
    }

    /** The content in rule syntax with its modifiers, e.g. {@code content:!"|00 01|"; nocase; depth:4;}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("content:").append(negated ? "!" : "").append('"');
        boolean hex = false;
        for (byte x : pattern) {
            int c = x & 0xFF;
            boolean printable = c >= 0x20 && c < 0x7F && c != '"' && c != ';' && c != '\\' && c != '|' && c != ':';
            if (printable == hex) {
                b.append('|');
                hex = !hex;
            } else if (hex) {
                b.append(' ');
            }
            if (hex) {
                b.append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            } else {
                b.append((char) c);
            }
        }
        if (hex) {
            b.append('|');
        }
        b.append("\";");
        if (nocase) {
            b.append(" nocase;");
        }
        offset.ifPresent(v -> b.append(" offset:").append(v).append(';'));
        depth.ifPresent(v -> b.append(" depth:").append(v).append(';'));
        distance.ifPresent(v -> b.append(" distance:").append(v).append(';'));
        within.ifPresent(v -> b.append(" within:").append(v).append(';'));
        if (startsWith) {
            b.append(" startswith;");
        }
        if (endsWith) {
            b.append(" endswith;");
        }
        if (fastPattern == FastPattern.ONLY) {
            b.append(" fast_pattern:only;");
        } else if (fastPattern == FastPattern.YES) {
            b.append(fastPatternLength > 0 ? " fast_pattern:" + fastPatternOffset + "," + fastPatternLength + ";" : " fast_pattern;");
        }
        return b.toString();
    }
}
