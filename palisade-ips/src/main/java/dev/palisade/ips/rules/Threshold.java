package dev.palisade.ips.rules;

/**
 * A {@code threshold} keyword: alert at most {@code count} times per {@code seconds}
 * ({@link Type#LIMIT}), every {@code count}-th time ({@link Type#THRESHOLD}), or once per period
 * after {@code count} matches ({@link Type#BOTH}), counted per {@link Track}.
 */
public record Threshold(Type type, Track track, long count, long seconds) {

    /** The threshold types. */
    public enum Type { LIMIT, THRESHOLD, BOTH }
}
