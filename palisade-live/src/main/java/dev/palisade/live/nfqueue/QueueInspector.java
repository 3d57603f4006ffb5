package dev.palisade.live.nfqueue;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.Bytes;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;

/**
 * The bridge from a queue to the traffic engine: each queued IPv4 packet goes through
 * {@link TrafficEngine#process} as a raw-IP frame and the engine's decision becomes the verdict.
 * Accepted packets of a flow the engine has settled ({@link Decision#settled()}) are accepted with
 * the connection mark that makes the kernel stop queueing the flow; rejected and dropped packets
 * are dropped. One inspector per queue thread: it owns its engine.
 *
 * <p>What the engine sees must be what it would see on the wire. A packet queued in FORWARD has
 * already had its TTL decremented by the kernel; the copy given to the engine gets it back (the
 * kernel's packet is untouched, verdicts carry no payload). The engine only decides: the kernel
 * forwards, translates (NAT) and segments, so the engine runs without transport checksum checks
 * (forwarded packets often carry partial checksums left for offload) and with a 64 KiB MTU (GSO
 * packets are larger than the link's). A packet cut by the copy range (a GSO packet larger than
 * 65531 bytes) is inspected as far as it was copied: the copy's IP total length is set to the
 * copied length.
 *
 * <p>Frames the engine generates (TCP resets when it cuts a connection for its application
 * protocol) go to {@code generated}; the packets it would forward do not, since the kernel forwards
 * them itself. Not thread-safe: one queue thread calls {@link #inspect}; {@link #engine()}'s
 * {@code apply} and {@code setEmergency} may be called from elsewhere, as the engine allows.
 */
public final class QueueInspector implements PacketInspector, AutoCloseable {

    private static final int IPV4 = 0x0800;

    private final TrafficEngine engine;
    private final IngressMap ingress;
    private final FrameSink generated;
    private final byte[] frame = new byte[Ipv4.MAX_PACKET_LENGTH];
    private long unknownIngress;
    private long truncated;
    private long notIpv4;

    /**
     * @param config the gateway configuration the engine enforces
     * @param options sizing; checksum verification is turned off and the MTU raised (see above)
     * @param ingress which interfaces are the LAN and the WAN
     * @param generated where frames the engine generates go (raw IP packets), e.g. a {@link RawIpSender}
     */
    public QueueInspector(GatewayConfig config, EngineOptions options, IngressMap ingress, FrameSink generated) {
        this.ingress = ingress;
        this.generated = generated;
        EngineOptions live = new EngineOptions(options.connectionCapacity(), options.timeouts(), false, options.fragmentDatagrams(),
                options.fragmentBytes(), options.fragmentTimeoutNanos(), Ipv4.MAX_PACKET_LENGTH, options.inspectApplicationProtocols());
        FrameSink filter = (egress, link, buffer, offset, length) -> {
            // The packet under inspection itself, "forwarded" in place: the kernel forwards it.
            if (buffer != frame) {
                generated.send(egress, link, buffer, offset, length);
            }
        };
        this.engine = new TrafficEngine(config, live, filter);
        for (Interface i : Interface.values()) {
            engine.setLinkLayer(i, LinkLayer.RAW_IP);
        }
    }

    /** The engine behind this inspector (apply a new configuration, emergency mode, counters). */
    public TrafficEngine engine() {
        return engine;
    }

    @Override
    public PacketVerdict inspect(QueuedPacket packet) {
        Interface in = ingress.ingressOf(packet.inputInterface());
        if (in == null) {
            unknownIngress++;
            return PacketVerdict.DROP;
        }
        if (packet.hardwareProtocol() != IPV4) {
            // IPv6 and anything else: dropped, as the engine drops them.
            notIpv4++;
            return PacketVerdict.DROP;
        }
        int length = packet.copyPayload(frame, 0);
        if (length >= Ipv4.MIN_HEADER_LENGTH && (frame[0] & 0xf0) == 0x40) {
            boolean changed = false;
            if (packet.isTruncated()) {
                truncated++;
                Bytes.put16(frame, Ipv4.TOTAL_LENGTH_OFFSET, length);
                changed = true;
            }
            if (packet.hook() == QueuedPacket.HOOK_FORWARD && Ipv4.ttl(frame, 0) < 255) {
                frame[Ipv4.TTL_OFFSET]++;
                changed = true;
            }
            if (changed && Ipv4.headerLength(frame, 0) <= length) {
                Ipv4.fillChecksum(frame, 0);
            }
        }
        Decision d = engine.process(in, LinkLayer.RAW_IP, frame, 0, length, System.nanoTime(), packet.id() & 0xffffffffL);
        if (d.verdict() != Verdict.ACCEPT) {
            return PacketVerdict.DROP;
        }
        return d.settled() ? PacketVerdict.ACCEPT_SETTLED : PacketVerdict.ACCEPT;
    }

    /** Closes the sink of generated frames when it is a {@link RawIpSender}. */
    @Override
    public void close() {
        if (generated instanceof RawIpSender sender) {
            sender.close();
        }
    }

    /** Packets from an interface that is neither the LAN nor the WAN (dropped). */
    public long unknownIngress() {
        return unknownIngress;
    }

    /** Packets inspected from a cut copy. */
    public long truncated() {
        return truncated;
    }

    /** Packets that were not IPv4 (dropped). */
    public long notIpv4() {
        return notIpv4;
    }
}
