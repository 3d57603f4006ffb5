package dev.palisade.cli;

import dev.palisade.capture.CaptureInterface;
import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.capture.LinkType;
import dev.palisade.capture.PcapngWriter;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineCounters;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.EngineEvent;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.policy.Policy;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a capture through a {@link TrafficEngine}: frames in file order, their timestamps as
 * the clock, the ingress interface from the capture's interface name. Writes the verdict log
 * and, optionally, a pcapng of what the gateway sent out of {@code lan} and {@code wan}.
 */
final class Replayer {

    /** Bad input found while replaying (unknown interface, unsupported link type). */
    static final class ReplayException extends Exception {
        private static final long serialVersionUID = 1L;

        ReplayException(String message) {
            super(message);
        }
    }

    /**
     * The Network Protector for the run: whether it is installed, its rule files (none: installed
     * but not configured, so transit stops at ips-stopped) and the monitor switch.
     */
    record ProtectorPlan(boolean installed, List<RuleParser.RuleFile> rules, boolean monitor) {
        static final ProtectorPlan NONE = new ProtectorPlan(false, List.of(), false);

        ProtectorPlan {
            rules = List.copyOf(rules);
        }
    }

    /** What a replay did, for the summary: also the engine's events and the sources the IPS denylisted. */
    record Summary(long packets, Map<Verdict, Map<Stage, Long>> decisions, long elapsedNanos, EngineCounters counters,
                   List<EngineEvent> events, List<dev.palisade.config.model.IdsProxyConfig.DenylistEntry> denylisted) {
        double packetsPerSecond() {
            return elapsedNanos == 0 ? 0 : packets * 1e9 / elapsedNanos;
        }
    }

    private final GatewayConfig config;
    private final EngineOptions options;
    private final boolean emergency;
    private final Interface fixedIngress;
    private final ProtectorPlan ips;

    Replayer(GatewayConfig config, EngineOptions options, boolean emergency, Interface fixedIngress) {
        this(config, options, emergency, fixedIngress, ProtectorPlan.NONE);
    }

    Replayer(GatewayConfig config, EngineOptions options, boolean emergency, Interface fixedIngress, ProtectorPlan ips) {
        this.config = config;
        this.options = options;
        this.emergency = emergency;
        this.fixedIngress = fixedIngress;
        this.ips = ips;
    }

    Summary replay(Path input, Path verdicts, Path out) throws IOException, ReplayException {
        Path tmp = verdicts.resolveSibling("." + verdicts.getFileName() + ".tmp");
        OutputCapture output = null;
        try (CaptureReader reader = CaptureReader.open(input);
             Writer writer = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
            output = out == null ? null : new OutputCapture(out);
            Summary summary = run(reader, new VerdictLog(writer), output);
            writer.flush();
            if (output != null) {
                output.close();
                output = null;
            }
            Files.move(tmp, verdicts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return summary;
        } finally {
            if (output != null) {
                output.abandon();
            }
            Files.deleteIfExists(tmp);
        }
    }

    private Summary run(CaptureReader reader, VerdictLog log, OutputCapture output) throws IOException, ReplayException {
        long[] clock = new long[1];
        TrafficEngine engine = new TrafficEngine(config, options, output == null ? FrameSink.DISCARD
                : (egress, link, buffer, offset, length) -> output.write(egress, link, clock[0], buffer, offset, length));
        engine.setEmergency(emergency);
        List<EngineEvent> events = new ArrayList<>();
        engine.setEventListener(events::add);
        if (ips.installed()) {
            boolean configured = config.application(Policy.NETWORK_PROTECTOR_PACKAGE).map(a -> a.configured() && a.execute())
                    .orElse(false);
            if (configured) {
                // Refused rules, or none at all, fail the protector: ips-stopped and the emergency event.
                NetworkProtector.installInto(engine, ips.rules(), ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
            }
            // Not configured: the policy already blocks transit at ips-stopped.
            engine.setIpsMonitor(ips.monitor());
        }
        engine.setFragmentListener((tag, d) -> {
            try {
                log.resolve(tag, d);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Map<Verdict, Map<Stage, Long>> decisions = new EnumMap<>(Verdict.class);
        engine.setFragmentCounter(d -> decisions.computeIfAbsent(d.verdict(), v -> new EnumMap<>(Stage.class)).merge(d.stage(), 1L, Long::sum));
        CapturedFrame frame = new CapturedFrame();
        long index = 0;
        long start = System.nanoTime();
        int interfacesSeen = 0;
        try {
            while (reader.next(frame)) {
                index++;
                if (reader.interfaces().size() != interfacesSeen) {
                    interfacesSeen = reader.interfaces().size();
                    configureLinks(reader, engine, output, index);
                }
                CaptureInterface ci = frame.captureInterface();
                Interface ingress = ingressOf(ci, index);
                LinkLayer link = linkOf(ci.linkType(), index);
                clock[0] = frame.timestampNanos();
                Decision d = engine.process(ingress, link, frame.buffer(), 0, frame.length(), frame.timestampNanos(), index);
                log.record(index, d);
                if (d.verdict() != Verdict.HELD) {
                    decisions.computeIfAbsent(d.verdict(), v -> new EnumMap<>(Stage.class)).merge(d.stage(), 1L, Long::sum);
                }
            }
            engine.discardIncompleteDatagrams();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        log.finish();
        long elapsed = System.nanoTime() - start;
        return new Summary(index, decisions, elapsed, engine.counters(), List.copyOf(events), engine.runtimeDenylist());
    }

    /** Frames leave with the link layer of the same-named input interface (Ethernet if none). */
    private void configureLinks(CaptureReader reader, TrafficEngine engine, OutputCapture output, long index) throws ReplayException {
        for (CaptureInterface each : reader.interfaces()) {
            Interface named = fixedIngress != null ? fixedIngress : each.name() == null ? null : Interface.byKey(each.name());
            if (named != null && named != Interface.HOST && supported(each.linkType())) {
                LinkLayer link = linkOf(each.linkType(), index);
                engine.setLinkLayer(named, link);
                if (output != null) {
                    output.setLink(named, link);
                }
            }
        }
    }

    private Interface ingressOf(CaptureInterface ci, long index) throws ReplayException {
        if (fixedIngress != null) {
            return fixedIngress;
        }
        Interface i = ci.name() == null ? null : Interface.byKey(ci.name());
        if (i == null) {
            throw new ReplayException("packet " + index + ": capture interface "
                    + (ci.name() == null ? "#" + ci.id() + " has no name" : "'" + ci.name() + "'")
                    + "; interfaces must be named lan, wan or host (or give --ingress for a pcap)");
        }
        return i;
    }

    private static boolean supported(int linkType) {
        return linkType == LinkType.ETHERNET || linkType == LinkType.RAW || linkType == LinkType.IPV4;
    }

    private static LinkLayer linkOf(int linkType, long index) throws ReplayException {
        if (linkType == LinkType.ETHERNET) {
            return LinkLayer.ETHERNET;
        }
        if (linkType == LinkType.RAW || linkType == LinkType.IPV4) {
            return LinkLayer.RAW_IP;
        }
        throw new ReplayException("packet " + index + ": link type " + linkType + " is not supported (Ethernet or raw IPv4)");
    }

    /**
     * The output pcapng with interfaces {@code lan} and {@code wan}, declared when the first
     * frame is written, with the link layers of the input interfaces of those names.
     */
    private static final class OutputCapture {
        private final Path path;
        private final LinkLayer[] links = {LinkLayer.ETHERNET, LinkLayer.ETHERNET};
        private PcapngWriter writer;
        private final int[] ids = new int[2];

        OutputCapture(Path path) {
            this.path = path;
        }

        void setLink(Interface egress, LinkLayer link) {
            if (writer == null) {
                links[egress == Interface.WAN ? 1 : 0] = link;
            }
        }

        private void open() throws IOException {
            writer = PcapngWriter.create(path);
            ids[0] = writer.addInterface("lan", typeOf(links[0]));
            ids[1] = writer.addInterface("wan", typeOf(links[1]));
        }

        private static int typeOf(LinkLayer link) {
            return link == LinkLayer.ETHERNET ? LinkType.ETHERNET : LinkType.RAW;
        }

        void write(Interface egress, LinkLayer link, long timestamp, byte[] buffer, int offset, int length) {
            try {
                if (writer == null) {
                    open();
                }
                writer.write(ids[egress == Interface.WAN ? 1 : 0], timestamp, buffer, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            if (writer == null) {
                open();
            }
            writer.close();
        }

        /** Leaves no partial output behind after a failure. */
        void abandon() {
            if (writer != null) {
                try {
                    writer.abort();
                } catch (IOException ignored) {
                    // The replay already failed; its error is the one to report.
                }
            }
        }
    }
}
