package dev.palisade.ips.rules;

import java.util.List;

/**
 * The inspection steps of one rule over one buffer, in the order written. Relative steps refer to
 * the previous step of the same list; all lists of a rule must match for the rule to match.
 */
public record BufferMatches(Buffer buffer, List<PayloadMatch> matches) {

    public BufferMatches {
        matches = List.copyOf(matches);
    }
}
