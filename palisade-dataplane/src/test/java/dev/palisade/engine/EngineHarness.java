package dev.palisade.engine;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.routing.Interface;
import dev.palisade.testing.CapturingSink;
import java.util.HashMap;
import java.util.Map;

/** An engine with a capturing sink and a packet clock, for procedure tests. */
final class EngineHarness {

    final CapturingSink sink = new CapturingSink();
    final TrafficEngine engine;
    final Map<Long, Decision> heldDecisions = new HashMap<>();
    long now = 1_000_000_000L;
    long tag;

    EngineHarness(GatewayConfig config) {
        this(config, EngineOptions.defaults().withConnectionCapacity(1024));
    }

    EngineHarness(GatewayConfig config, EngineOptions options) {
        engine = new TrafficEngine(config, options, sink);
        engine.setFragmentListener((t, d) -> heldDecisions.put(t, d.copy()));
    }

    Decision lan(byte[] frame) {
        return send(Interface.LAN, frame);
    }

    Decision wan(byte[] frame) {
        return send(Interface.WAN, frame);
    }

    Decision host(byte[] frame) {
        return send(Interface.HOST, frame);
    }

    Decision send(Interface ingress, byte[] frame) {
        now += 1_000_000L;
        return engine.process(ingress, LinkLayer.ETHERNET, frame, 0, frame.length, now, ++tag).copy();
    }

    void advanceSeconds(long seconds) {
        now += seconds * 1_000_000_000L;
    }

    /** Parses the last frame sent, verifying every checksum. */
    PacketView lastSent() {
        PacketView v = new PacketView();
        byte[] f = sink.last().frame();
        Malformation m = new PacketParser(true).parse(f, 0, f.length, sink.last().link(), v);
        if (m != Malformation.NONE) {
            throw new AssertionError("sent frame is malformed: " + m.key());
        }
        return v;
    }
}
