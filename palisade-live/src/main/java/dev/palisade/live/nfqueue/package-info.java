/**
 * NFQUEUE consumed from Java over raw netlink: binding a queue ({@link
 * dev.palisade.live.nfqueue.NfQueue}, configured by {@link dev.palisade.live.nfqueue.QueueConfig}),
 * each queued packet as a flyweight view ({@link dev.palisade.live.nfqueue.QueuedPacket}),
 * verdicts one by one, in batches, or with the connection mark that stops further queueing of a
 * flow, several queues with one thread each ({@link dev.palisade.live.nfqueue.QueueGroup}), queue
 * drop monitoring ({@link dev.palisade.live.nfqueue.QueueStatus}), and the bridge to the traffic
 * engine ({@link dev.palisade.live.nfqueue.QueueInspector}). Message formats:
 * {@code linux/netfilter/nfnetlink_queue.h}. Design notes: docs/live.md, "Inspection through NFQUEUE".
 */
package dev.palisade.live.nfqueue;
