package dev.palisade.ips.rules;

/** The arrow of a rule header: {@code ->} source to destination, {@code <>} either way. */
public enum Direction {
    /** {@code ->}: the packet goes from the source group to the destination group. */
    ONE_WAY,
    /** {@code <>}: the packet goes either way between the two groups. */
    BOTH
}
