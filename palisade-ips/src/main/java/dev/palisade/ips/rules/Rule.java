package dev.palisade.ips.rules;

import java.util.List;
import java.util.Optional;

/**
 * One loaded rule: header, identity, and every condition in the form the matcher evaluates. The
 * matcher buckets rules by {@link #transport()}, {@link #appProtocol()} and the destination and
 * source port groups, and prefilters them with {@link #prefilter()}; conditions without payload
 * ({@link #conditions()} of a protocol engine, {@link #events()}) are checked by the engine's
 * transaction hooks. Immutable.
 *
 * @param file             the rule file it came from
 * @param line             the line where the rule starts
 * @param protocol         the protocol as written in the header: tcp, udp, ip, modbus or mqtt
 * @param appProtocol      the application protocol the rule needs, from its header, its
 *                         {@code app-layer-protocol}, its events or its protocol keywords
 * @param appLayerProtocol a negated {@code app-layer-protocol} check, when the rule has one
 * @param payloadSize      the {@code dsize} test, when the rule has one
 * @param buffers          the inspection steps grouped by buffer, in the order buffers first appear
 * @param conditions       protocol-engine keywords ({@code modbus:}, {@code mqtt.qos}...), in rule order
 * @param text             the rule as written (continuation lines joined)
 */
public record Rule(
        String file,
        int line,
        Action action,
        String protocol,
        Transport transport,
        Optional<String> appProtocol,
        AddressGroup source,
        PortGroup sourcePorts,
        Direction direction,
        AddressGroup destination,
        PortGroup destinationPorts,
        long gid,
        long sid,
        long rev,
        String msg,
        Optional<String> classtype,
        int priority,
        List<String> references,
        List<String> metadata,
        FlowOptions flow,
        Optional<AppProtocolMatch> appLayerProtocol,
        List<AppLayerEvent> events,
        Optional<SizeMatch> payloadSize,
        List<BufferMatches> buffers,
        List<ProtocolCondition> conditions,
        Optional<Threshold> threshold,
        Optional<DetectionFilter> detectionFilter,
        boolean noalert,
        Optional<String> target,
        String text) {

    public Rule {
        references = List.copyOf(references);
        metadata = List.copyOf(metadata);
        events = List.copyOf(events);
        buffers = List.copyOf(buffers);
        conditions = List.copyOf(conditions);
    }

    /**
     * The content the prefilter should look for: the explicit {@code fast_pattern}, else the
     * longest non-negated content of any buffer (first of equals); empty when the rule has no
     * usable content, in which case the matcher evaluates it for every packet of its bucket.
     */
    public Optional<Prefilter> prefilter() {
        Prefilter longest = null;
        for (BufferMatches bm : buffers) {
            for (PayloadMatch m : bm.matches()) {
                if (m instanceof ContentMatch c && !c.negated()) {
                    if (c.fastPattern() != ContentMatch.FastPattern.NONE) {
                        return Optional.of(new Prefilter(bm.buffer(), c));
                    }
                    if (longest == null || c.length() > longest.content().length()) {
                        longest = new Prefilter(bm.buffer(), c);
                    }
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    /** The steps of one buffer, or an empty list when the rule does not inspect it. */
    public List<PayloadMatch> matches(Buffer buffer) {
        for (BufferMatches bm : buffers) {
            if (bm.buffer().equals(buffer)) {
                return bm.matches();
            }
        }
        return List.of();
    }

    /** {@code [gid:sid:rev] msg}, as Suricata logs a signature. */
    @Override
    public String toString() {
        return "[" + gid + ":" + sid + ":" + rev + "] " + msg;
    }
}
