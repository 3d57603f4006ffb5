package dev.palisade.engine;

import dev.palisade.packet.LinkLayer;
import dev.palisade.routing.Interface;

/**
 * Receives the frames the gateway sends out of an interface. The bytes are valid only during
 * the call: copy them to keep them.
 */
@FunctionalInterface
public interface FrameSink {

    FrameSink DISCARD = (egress, link, buffer, offset, length) -> { };

    void send(Interface egress, LinkLayer link, byte[] buffer, int offset, int length);
}
