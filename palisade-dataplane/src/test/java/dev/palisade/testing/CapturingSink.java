package dev.palisade.testing;

import dev.palisade.engine.FrameSink;
import dev.palisade.packet.LinkLayer;
import dev.palisade.routing.Interface;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link FrameSink} that keeps copies of every frame sent, for assertions. */
public final class CapturingSink implements FrameSink {

    /** One frame the engine sent. */
    public record Sent(Interface egress, LinkLayer link, byte[] frame) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(Interface egress, LinkLayer link, byte[] buffer, int offset, int length) {
        sent.add(new Sent(egress, link, Arrays.copyOfRange(buffer, offset, offset + length)));
    }

    public List<Sent> sent() {
        return sent;
    }

    public Sent last() {
        return sent.get(sent.size() - 1);
    }

    public void clear() {
        sent.clear();
    }
}
