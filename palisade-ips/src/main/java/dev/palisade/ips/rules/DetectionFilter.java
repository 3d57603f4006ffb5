package dev.palisade.ips.rules;

/**
 * A {@code detection_filter} keyword: the rule alerts only from the match after the
 * {@code count}-th within {@code seconds}, counted per {@link Track}.
 */
public record DetectionFilter(Track track, long count, long seconds) {
}
