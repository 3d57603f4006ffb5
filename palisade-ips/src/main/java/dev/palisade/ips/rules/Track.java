package dev.palisade.ips.rules;

/** What {@code threshold} and {@code detection_filter} count by: {@code by_src}, {@code by_dst}, {@code by_rule}, {@code by_both}. */
public enum Track {
    BY_SRC,
    BY_DST,
    BY_RULE,
    BY_BOTH;

    /** The keyword as written in rules ("by_src"). */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Track parse(String s) {
        for (Track t : values()) {
            if (t.keyword().equals(s)) {
                return t;
            }
        }
        return null;
    }
}
