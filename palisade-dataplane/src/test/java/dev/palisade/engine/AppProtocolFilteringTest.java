package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.CarpConfig;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.ModeSwitch;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.WanConfig;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.packet.Tcp;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import dev.palisade.testing.CapturingSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Application-protocol filtering end to end on the corpus of real client/server flows
 * (scripts/corpus/make-appproto-corpus.sh; labels.tsv says what each flow carries). The flows
 * were captured between 10.99.0.1 (client) and 10.99.0.2 (server); here the gateway sits between
 * them with LAN 10.99.0.0/31 and WAN 10.99.0.2/31, so each flow is transit (no masquerading).
 */
class AppProtocolFilteringTest {

    private static final int CLIENT = Ipv4Address.parse("10.99.0.1").value();

    record Labelled(String file, String label, int port) {
    }

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = AppProtocolFilteringTest.class.getResourceAsStream("/appproto-corpus/labels.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                rows.add(Arguments.of(new Labelled(f[0], f[1], Integer.parseInt(f[2]))));
            }
        }
        return rows.stream();
    }

    static GatewayConfig config(Set<AppProtocol> blocked) {
        LanConfig lan = new LanConfig(Ipv4Address.parse("10.99.0.0"), new Ipv4Prefix(Ipv4Address.parse("10.99.0.0").value(), 31),
                false, Ipv4Address.parse("10.99.0.1"), Ipv4Address.parse("10.99.0.1"),
                Ipv4Address.parse("8.8.8.8"), Ipv4Address.parse("8.8.4.4"), Optional.empty());
        WanConfig wan = new WanConfig(false, Optional.of(Ipv4Address.parse("10.99.0.3")),
                Optional.of(new Ipv4Prefix(Ipv4Address.parse("10.99.0.2").value(), 31)), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        var allowAll = new dev.palisade.config.model.FirewallRule(true, dev.palisade.config.model.FirewallRule.Action.ACCEPT,
                Ipv4Prefix.ANY, Ipv4Prefix.ANY, dev.palisade.config.model.PortRange.ANY, dev.palisade.config.model.PortRange.ANY,
                dev.palisade.config.model.FirewallRule.RuleProtocol.TCP, dev.palisade.config.model.FirewallRule.Zone.IN);
        NetworkConfig net = new NetworkConfig(lan, wan, false, List.of(), List.of(allowAll),
                new IdsProxyConfig(false, true, false, List.of(), List.of()), blocked, List.of(),
                new CarpConfig(false, 0, "1", Ipv4Address.ANY, Ipv4Address.ANY));
        return new GatewayConfig(new ModeSwitch(true, false, false), net, List.of());
    }

    /** Replays one corpus flow; returns the decisions in order. */
    static List<Decision> replay(TrafficEngine engine, String file) throws IOException {
        List<Decision> decisions = new ArrayList<>();
        try (InputStream in = AppProtocolFilteringTest.class.getResourceAsStream("/appproto-corpus/" + file);
             CaptureReader reader = CaptureReader.open(in, file)) {
            CapturedFrame f = new CapturedFrame();
            PacketParser parser = new PacketParser(true);
            PacketView v = new PacketView();
            long index = 0;
            while (reader.next(f)) {
                byte[] frame = Arrays.copyOf(f.buffer(), f.length());
                assertThat(parser.parse(frame, 0, frame.length, LinkLayer.ETHERNET, v)).isEqualTo(Malformation.NONE);
                Interface ingress = v.source() == CLIENT ? Interface.LAN : Interface.WAN;
                decisions.add(engine.process(ingress, LinkLayer.ETHERNET, frame, 0, frame.length, f.timestampNanos(), ++index).copy());
            }
        }
        return decisions;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyTargetFlowIsCutAndNoOtherFlowIsTouched(Labelled flow) throws IOException {
        CapturingSink sink = new CapturingSink();
        TrafficEngine engine = new TrafficEngine(config(EnumSet.allOf(AppProtocol.class)), EngineOptions.defaults(), sink);
        List<Decision> decisions = replay(engine, flow.file());
        List<Decision> rejected = decisions.stream().filter(d -> d.verdict() == Verdict.REJECT).toList();
        if (flow.label().equals("none")) {
            assertThat(decisions).as("no packet of a non-target flow meets app-proto-deny")
                    .noneMatch(d -> d.stage() == Stage.APP_PROTO_DENY);
            assertThat(engine.counters().appProtocolsDetected().values()).allMatch(n -> n == 0);
            return;
        }
        AppProtocol expected = AppProtocol.valueOf(flow.label().toUpperCase());
        assertThat(rejected).as("exactly one packet reveals the protocol").hasSize(1);
        assertThat(rejected.get(0).stage()).isEqualTo(Stage.APP_PROTO_DENY);
        assertThat(rejected.get(0).reason()).isEqualTo(expected.key());
        int at = decisions.indexOf(rejected.get(0));
        assertThat(decisions.subList(0, at)).as("the handshake and what came before pass")
                .allMatch(d -> d.verdict() == Verdict.ACCEPT);
        assertThat(decisions.subList(at + 1, decisions.size())).as("everything after is dropped at app-proto-deny")
                .allMatch(d -> d.verdict() == Verdict.DROP && d.stage() == Stage.APP_PROTO_DENY);
        assertThat(engine.counters().appProtocolsDetected()).containsEntry(expected, 1L);
        assertThat(engine.counters().appProtocolsBlocked()).containsEntry(expected, 1L);
        // The last two frames sent are the resets, one to each end, valid and in their windows.
        List<CapturingSink.Sent> sent = sink.sent();
        assertThat(sent.size()).isGreaterThanOrEqualTo(2);
        PacketView v = new PacketView();
        PacketParser parser = new PacketParser(true);
        Set<Interface> resetSides = EnumSet.noneOf(Interface.class);
        for (CapturingSink.Sent s : sent.subList(sent.size() - 2, sent.size())) {
            assertThat(parser.parse(s.frame(), 0, s.frame().length, s.link(), v)).isEqualTo(Malformation.NONE);
            assertThat(v.tcpFlags() & Tcp.RST).isNotZero();
            resetSides.add(s.egress());
            if (s.egress() == Interface.LAN) {
                assertThat(v.destination()).isEqualTo(CLIENT);
                assertThat(v.sourcePort()).isEqualTo(flow.port());
            } else {
                assertThat(v.source()).isEqualTo(CLIENT);
                assertThat(v.destinationPort()).isEqualTo(flow.port());
            }
        }
        assertThat(resetSides).containsExactlyInAnyOrder(Interface.LAN, Interface.WAN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void withNothingBlockedFlowsPassAndAreStillClassified(Labelled flow) throws IOException {
        TrafficEngine engine = new TrafficEngine(config(EnumSet.noneOf(AppProtocol.class)), EngineOptions.defaults(), FrameSink.DISCARD);
        List<Decision> decisions = replay(engine, flow.file());
        assertThat(decisions).allMatch(d -> d.verdict() == Verdict.ACCEPT);
        if (!flow.label().equals("none")) {
            assertThat(engine.counters().appProtocolsDetected())
                    .containsEntry(AppProtocol.valueOf(flow.label().toUpperCase()), 1L);
        }
    }

    /**
     * The request of a real HTTP flow cut into 7-byte segments, sent out of order with a
     * duplicate and an overlapping copy: the reassembler puts the stream in order, detection sees
     * it whole, and the segment that completes the request line is the one rejected.
     */
    @org.junit.jupiter.api.Test
    void aRequestSplitIntoSmallSegmentsOutOfOrderWithOverlapsIsStillCaught() throws IOException {
        CapturingSink sink = new CapturingSink();
        TrafficEngine engine = new TrafficEngine(config(EnumSet.of(AppProtocol.HTTP)), EngineOptions.defaults(), sink);
        List<byte[]> frames = new ArrayList<>();
        try (InputStream in = AppProtocolFilteringTest.class.getResourceAsStream("/appproto-corpus/http-80-curl.pcap");
             CaptureReader reader = CaptureReader.open(in, "http-80-curl.pcap")) {
            CapturedFrame f = new CapturedFrame();
            while (reader.next(f)) {
                frames.add(Arrays.copyOf(f.buffer(), f.length()));
            }
        }
        PacketParser parser = new PacketParser(true);
        PacketView v = new PacketView();
        long t = 1_000_000_000L;
        for (int i = 0; i < 3; i++) {   // SYN, SYN-ACK, ACK
            byte[] fr = frames.get(i).clone();
            parser.parse(fr, 0, fr.length, LinkLayer.ETHERNET, v);
            Interface ingress = v.source() == CLIENT ? Interface.LAN : Interface.WAN;
            assertThat(engine.process(ingress, LinkLayer.ETHERNET, fr, 0, fr.length, t += 1000, i).verdict()).isEqualTo(Verdict.ACCEPT);
        }
        byte[] request = frames.get(3);
        assertThat(parser.parse(request, 0, request.length, LinkLayer.ETHERNET, v)).isEqualTo(Malformation.NONE);
        int seq = v.tcpSequence();
        int ack = v.tcpAcknowledgment();
        byte[] payload = Arrays.copyOfRange(request, v.l4Offset() + v.tcpHeaderLength(), v.ipEnd());
        String text = new String(payload, StandardCharsets.US_ASCII);
        int lineEnd = text.indexOf("\r\n") + 2;
        List<int[]> pieces = new ArrayList<>();   // {offset, length}
        for (int off = 0; off < payload.length; off += 7) {
            pieces.add(new int[] {off, Math.min(7, payload.length - off)});
        }
        // Out of order: every piece of the request line except the first goes before it,
        // plus a duplicate and a copy overlapping two pieces.
        List<int[]> order = new ArrayList<>();
        for (int k = pieces.size() - 1; k >= 1; k--) {
            order.add(pieces.get(k));
        }
        order.add(new int[] {10, 9});
        order.add(pieces.get(3));
        order.add(pieces.get(0));
        Decision reject = null;
        int rejectAt = -1;
        for (int k = 0; k < order.size(); k++) {
            int[] piece = order.get(k);
            byte[] fr = dev.palisade.testing.Frames.tcp("10.99.0.1", v.sourcePort(), "10.99.0.2", 80)
                    .flags(Tcp.ACK | Tcp.PSH).seq(seq + piece[0]).ack(ack).window(502)
                    .payload(Arrays.copyOfRange(payload, piece[0], piece[0] + piece[1])).build();
            Decision d = engine.process(Interface.LAN, LinkLayer.ETHERNET, fr, 0, fr.length, t += 1000, 10 + k).copy();
            if (d.verdict() == Verdict.REJECT) {
                reject = d;
                rejectAt = k;
            } else if (reject == null) {
                assertThat(d.verdict()).as("piece %d before the reveal", k).isEqualTo(Verdict.ACCEPT);
            } else {
                assertThat(d.stage()).isEqualTo(Stage.APP_PROTO_DENY);
            }
        }
        assertThat(lineEnd).isGreaterThan(7);
        assertThat(reject).as("the request was revealed").isNotNull();
        assertThat(rejectAt).as("by the piece that filled the gap at the start").isEqualTo(order.size() - 1);
        assertThat(reject.stage()).isEqualTo(Stage.APP_PROTO_DENY);
        assertThat(engine.counters().appProtocolsBlocked()).containsEntry(AppProtocol.HTTP, 1L);
    }
}
