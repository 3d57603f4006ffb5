/**
 * The live data plane on Linux: kernel enforcement generated from the configuration (nftables), inspection through NFQUEUE, kernel routes.
 */
package dev.palisade.live;
