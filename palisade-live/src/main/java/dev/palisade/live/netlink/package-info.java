/**
 * Netlink from Java through the Foreign Function &amp; Memory API, without JNI or a C library:
 * a socket ({@link dev.palisade.live.netlink.NetlinkSocket}) whose send and receive buffers are
 * off-heap segments reused across calls, a message writer
 * ({@link dev.palisade.live.netlink.NetlinkWriter}) and flyweight readers of messages and
 * attributes ({@link dev.palisade.live.netlink.NetlinkReader},
 * {@link dev.palisade.live.netlink.NetlinkAttributes}) that check every length before they read,
 * and {@link dev.palisade.live.netlink.NetworkNamespace} to open sockets inside another network
 * namespace, and {@link dev.palisade.live.netlink.RawIpSocket} to send packets the engine
 * generates. Linux only; little- and big-endian hosts alike (netlink headers are host order,
 * netfilter payloads network order).
 */
package dev.palisade.live.netlink;
