package dev.palisade.ips.rules;

/** What a matching rule does: Suricata's {@code alert}, {@code drop}, {@code reject} and {@code pass}. */
public enum Action {
    /** Record the match; the packet passes. */
    ALERT,
    /** Drop the packet (and record the match). */
    DROP,
    /** Drop the packet and reset the connection (and record the match). */
    REJECT,
    /** Stop inspecting the packet against later rules; nothing recorded. */
    PASS;

    /** The action as written in rules ("alert"). */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
