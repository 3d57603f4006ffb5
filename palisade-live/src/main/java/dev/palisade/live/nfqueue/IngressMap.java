package dev.palisade.live.nfqueue;

import dev.palisade.routing.Interface;

/**
 * Which kernel interface (by index) is the gateway's LAN side and which its WAN side, so that a
 * queued packet's input interface becomes the engine's ingress. Packets without an input
 * interface are the gateway's own ({@link Interface#HOST}).
 *
 * @param lanIndex interface index of the LAN interface
 * @param wanIndex interface index of the WAN interface
 */
public record IngressMap(int lanIndex, int wanIndex) {

    public IngressMap {
        if (lanIndex <= 0 || wanIndex <= 0 || lanIndex == wanIndex) {
            throw new IllegalArgumentException("LAN and WAN need two distinct interface indexes: " + lanIndex + ", " + wanIndex);
        }
    }

    /** The ingress of a packet that arrived on interface {@code index}, or null for an unknown interface. */
    public Interface ingressOf(int index) {
        if (index == lanIndex) {
            return Interface.LAN;
        }
        if (index == wanIndex) {
            return Interface.WAN;
        }
        return index == 0 ? Interface.HOST : null;
    }
}
