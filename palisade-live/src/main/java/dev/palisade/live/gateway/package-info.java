/**
 * The live gateway: puts the kernel ruleset ({@code dev.palisade.live.nft}), the kernel routes
 * ({@code dev.palisade.live.route}) and the NFQUEUE inspectors running the traffic engine
 * ({@code dev.palisade.live.nfqueue}) together behind one life cycle: start, apply a new
 * configuration, emergency mode, counters, stop. {@code palisade run --live} and the lab use it.
 */
package dev.palisade.live.gateway;
