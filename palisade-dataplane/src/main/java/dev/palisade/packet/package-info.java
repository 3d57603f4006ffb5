/**
 * Allocation-free views over packet bytes: Ethernet (with 802.1Q), ARP, IPv4, TCP, UDP and ICMP
 * headers read and written in place at explicit offsets in network byte order, the one-pass
 * {@link dev.palisade.packet.PacketParser} that validates a frame and records where each layer
 * starts, and Internet checksums with incremental update (RFC 1071, RFC 1624).
 */
package dev.palisade.packet;
