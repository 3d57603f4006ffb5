/**
 * Address translation: masquerading (source NAT to the WAN address, keeping the source port
 * when it is free) and port forwarding (destination NAT of {@code NAPT.rules}), and the in-place
 * rewrites with incremental checksum updates that apply them to packets.
 */
package dev.palisade.nat;
