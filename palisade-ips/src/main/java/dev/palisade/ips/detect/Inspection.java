package dev.palisade.ips.detect;

import dev.palisade.ips.rules.Action;
import dev.palisade.ips.rules.Rule;

/**
 * The outcome of inspecting one packet, reused from packet to packet: the strongest action of
 * the rules that matched it ({@code reject} over {@code drop} over {@code alert}; {@code pass}
 * when a pass rule matched before anything else, or the packet's flow was passed) with the rule
 * that decided it, and how many rules alerted. {@link #action()} is null when no rule matched:
 * the packet goes on.
 */
public final class Inspection {

    Action action;
    Rule rule;
    int alerts;
    boolean malformed;
    boolean streamOverflow;

    void reset() {
        action = null;
        rule = null;
        alerts = 0;
        malformed = false;
        streamOverflow = false;
    }

    void matched(Rule r) {
        Action a = r.action();
        if (a == Action.PASS) {
            if (action == null) {
                action = Action.PASS;
                rule = r;
            }
            return;
        }
        alerts++;
        if (action == null || action == Action.PASS || strength(a) > strength(action)) {
            action = a;
            rule = r;
        }
    }

    private static int strength(Action a) {
        return switch (a) {
            case PASS -> 0;
            case ALERT -> 1;
            case DROP -> 2;
            case REJECT -> 3;
        };
    }

    /** The deciding action, or null when no rule matched. */
    public Action action() {
        return action;
    }

    /** Whether the packet must not be forwarded ({@code drop} or {@code reject}). */
    public boolean blocks() {
        return action == Action.DROP || action == Action.REJECT;
    }

    /** The rule that decided {@link #action()}, or null. */
    public Rule rule() {
        return rule;
    }

    /** The deciding rule's sid, or 0. */
    public long sid() {
        return rule == null ? 0 : rule.sid();
    }

    /** The deciding rule's message, or null. */
    public String message() {
        return rule == null ? null : rule.msg();
    }

    /** Rules that matched with alert, drop or reject. */
    public int alerts() {
        return alerts;
    }

    /** Whether the frame could not be decoded (not inspected; counted). */
    public boolean malformed() {
        return malformed;
    }

    /**
     * Whether the packet's TCP segment arrived out of order and could not be buffered (stream
     * memory bounds): an enforcing gateway drops it, so the sender retransmits once the hole is
     * filled; a sensor just loses that part of the stream.
     */
    public boolean streamOverflow() {
        return streamOverflow;
    }

    @Override
    public String toString() {
        return action == null ? "no match" : action.keyword() + " " + rule;
    }
}
