package dev.palisade.ips.rules;

import com.google.re2j.Pattern;

/**
 * A {@code pcre} keyword compiled with RE2/J, whose matching time is linear in the input: the
 * expression as written ({@code /regex/flags}), the compiled pattern, negation, the {@code R}
 * (relative to the previous match) and {@code A} (anchored at the start) flags. The matcher runs
 * it over the buffer seen as ISO-8859-1 characters, one char per byte, so {@code \xff} matches
 * the byte 0xFF as PCRE does in Suricata.
 */
public record PcreMatch(String expression, Pattern pattern, boolean negated, boolean relative, boolean anchored)
        implements PayloadMatch {

    @Override
    public String toString() {
        return "pcre:" + (negated ? "!" : "") + "\"" + expression + "\";";
    }
}
