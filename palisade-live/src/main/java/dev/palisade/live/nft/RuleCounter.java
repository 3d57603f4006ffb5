package dev.palisade.live.nft;

/**
 * The kernel's counter of one rule of Palisade's table, identified by its comment.
 *
 * @param chain the chain holding the rule
 * @param comment the rule's comment, {@code stage} or {@code stage:detail}
 * @param packets packets that reached the rule's counter
 * @param bytes bytes of those packets
 */
public record RuleCounter(String chain, String comment, long packets, long bytes) {

    /** The stage part of the comment ({@code custom-deny} of {@code custom-deny:3}). */
    public String stage() {
        int colon = comment.indexOf(':');
        return colon < 0 ? comment : comment.substring(0, colon);
    }

    /** The rule index of a custom firewall or port-forwarding rule's comment, or -1. */
    public int ruleIndex() {
        int colon = comment.indexOf(':');
        if (colon < 0) {
            return -1;
        }
        String detail = comment.substring(colon + 1);
        if (detail.isEmpty() || detail.length() > 6 || !detail.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(detail);
    }
}
