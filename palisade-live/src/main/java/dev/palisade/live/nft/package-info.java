/**
 * Kernel enforcement generated from the configuration: {@link dev.palisade.live.nft.NftRuleset}
 * renders one nftables table ({@code table inet palisade}) that runs the traffic-processing
 * procedure of the device type, plus the rules that send flows needing inspection to NFQUEUE;
 * {@link dev.palisade.live.nft.KernelRuleset} checks and loads them atomically, flips emergency
 * mode, adds denylist entries at run time and reads the per-rule counters back. docs/live.md
 * ("Kernel ruleset") describes the layout.
 */
package dev.palisade.live.nft;
