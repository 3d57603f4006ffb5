package dev.palisade.live.nft;

/**
 * How packets that need inspection reach NFQUEUE: nft's own {@code queue} statement inside the
 * Palisade table, or, on kernels built without it (CONFIG_NFT_QUEUE), iptables-nft's NFQUEUE
 * target in a chain of its own in the {@code ip mangle} table. {@link KernelRuleset#detectQueueBackend}
 * chooses at start.
 */
public enum QueueBackend {
    NATIVE,
    IPTABLES
}
