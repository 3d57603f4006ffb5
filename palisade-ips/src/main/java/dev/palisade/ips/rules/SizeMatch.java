package dev.palisade.ips.rules;

/**
 * A size test, {@code bsize} on a sticky buffer or {@code dsize} on the packet payload: the size
 * is {@code EQUAL} to {@code low}, {@code NOT_EQUAL}, {@code LESS}/{@code GREATER} (or equal) than
 * {@code low}, or {@code BETWEEN} {@code low} and {@code high} exclusive, as Suricata's
 * {@code a<>b}.
 */
public record SizeMatch(Comparison comparison, long low, long high) implements PayloadMatch {

    /** The forms a size test takes. */
    public enum Comparison {
        EQUAL,
        NOT_EQUAL,
        LESS,
        LESS_OR_EQUAL,
        GREATER,
        GREATER_OR_EQUAL,
        BETWEEN
    }

    /** Whether a buffer or payload of {@code size} bytes passes the test. */
    public boolean test(long size) {
        return switch (comparison) {
            case EQUAL -> size == low;
            case NOT_EQUAL -> size != low;
            case LESS -> size < low;
            case LESS_OR_EQUAL -> size <= low;
            case GREATER -> size > low;
            case GREATER_OR_EQUAL -> size >= low;
            case BETWEEN -> size > low && size < high;
        };
    }

    @Override
    public boolean relative() {
        return false;
    }
}
