package dev.palisade.live.nft;

/**
 * The generated artefacts of one configuration: the nft file that replaces Palisade's table in
 * one transaction, and the iptables-nft-restore input with the queue rules (empty when the
 * native queue statement is used or nothing needs inspection). Both are plain text, ready to be
 * checked and loaded by {@link KernelRuleset}.
 *
 * @param nft the nft file ({@code nft -f}); replaces {@code table inet palisade} atomically
 * @param iptablesQueueRules input of {@code iptables-nft-restore --noflush}, or empty
 * @param lanInterface the LAN interface the ruleset was made for
 * @param wanInterface the WAN interface the ruleset was made for
 * @param scope the flows that go to the inspector
 */
public record RenderedRuleset(String nft, String iptablesQueueRules, String lanInterface, String wanInterface,
                              InspectionScope scope) {
}
