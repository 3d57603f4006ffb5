/**
 * Stateful connection tracking: the {@link dev.palisade.conntrack.ConnectionTable} of flows in
 * primitive arrays (both directions of each flow indexed by their 5-tuples), the TCP state
 * machine with sequence-window checks ({@link dev.palisade.conntrack.TcpTracker}), and
 * per-state timeouts driven by packet time. Owned by one thread.
 */
package dev.palisade.conntrack;
