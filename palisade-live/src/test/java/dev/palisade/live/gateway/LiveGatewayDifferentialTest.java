package dev.palisade.live.gateway;

import static dev.palisade.live.gateway.GatewayTopology.GATEWAY;
import static dev.palisade.live.gateway.GatewayTopology.GATEWAY_WAN;
import static dev.palisade.live.gateway.GatewayTopology.LAN;
import static dev.palisade.live.gateway.GatewayTopology.LAN_HOST;
import static dev.palisade.live.gateway.GatewayTopology.LAN_IF;
import static dev.palisade.live.gateway.GatewayTopology.WAN;
import static dev.palisade.live.gateway.GatewayTopology.WAN_HOST;
import static dev.palisade.live.gateway.GatewayTopology.WAN_IF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.LinkLayer;
import dev.palisade.routing.Interface;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java engine stays the reference (issue 7): scripted connection attempts go through the whole
 * live gateway (masquerading, a port forward, HTTP blocked, so transit TCP is inspected) while
 * tcpdump records what arrives on the gateway's LAN and WAN interfaces; the recording is then
 * replayed through a fresh {@link TrafficEngine} with the same configuration, as
 * {@code palisade replay} does. For every attempt, what passed live (the client's line came back)
 * must be what the engine passed (it accepted every data-carrying packet of the client, and there
 * was one), and both must be what the procedure says for the attempt.
 */
class LiveGatewayDifferentialTest {

    /** One connection attempt: from a host to an address and port, with a first line, and the procedure's answer. */
    private record Attempt(String name, String from, Interface ingress, String host, int port, String line, boolean passes,
                           Stage stage) {
    }

    private static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("LAN to WAN, allowed (custom-allow, masqueraded)", LAN, Interface.LAN, WAN_HOST, 7000,
                    "SSH-2.0-OpenSSH_9.2p1", true, Stage.CUSTOM_ALLOW),
            new Attempt("LAN to WAN, denied port (custom-deny)", LAN, Interface.LAN, WAN_HOST, 7001, "SSH-2.0-x", false, Stage.CUSTOM_DENY),
            new Attempt("LAN to WAN, HTTP (app-proto-deny)", LAN, Interface.LAN, WAN_HOST, 7002, "GET / HTTP/1.1", false,
                    Stage.APP_PROTO_DENY),
            new Attempt("WAN to the forwarded port (nat-allow)", WAN, Interface.WAN, GATEWAY_WAN, 8080, "SSH-2.0-y", true, Stage.NAT_ALLOW),
            new Attempt("WAN straight to a LAN host (preset-block)", WAN, Interface.WAN, LAN_HOST, 7100, "SSH-2.0-z", false,
                    Stage.PRESET_BLOCK),
            new Attempt("WAN to a port nothing forwards (preset-block)", WAN, Interface.WAN, GATEWAY_WAN, 9099, "SSH-2.0-w", false,
                    Stage.PRESET_BLOCK));

    @Test
    void whatPassedLiveIsWhatTheEnginePassesOnTheRecording() throws Exception {
        GatewayConfig config = LiveGatewayEndToEndTest.config("router-http-blocked");
        Path dir = Files.createTempDirectory("pllive-diff");
        Map<Attempt, Boolean> live = new LinkedHashMap<>();
        try (GatewayTopology net = new GatewayTopology()) {
            net.serve(WAN, WAN_HOST, 7000);
            net.serve(WAN, WAN_HOST, 7001);
            net.serve(WAN, WAN_HOST, 7002);
            net.serve(LAN, LAN_HOST, 7100);
            List<Process> dumps = new ArrayList<>();
            for (String iface : List.of(LAN_IF, WAN_IF)) {
                dumps.add(new ProcessBuilder("ip", "netns", "exec", GATEWAY, "tcpdump", "-Q", "in", "-U", "-n", "-i", iface, "-w",
                        dir.resolve(iface + ".pcap").toString(), "tcp").redirectErrorStream(true)
                        .redirectOutput(dir.resolve(iface + ".log").toFile()).start());
            }
            try (LiveGateway gateway = LiveGateway.start(config, LAN_IF, WAN_IF,
                    LiveOptions.defaults().withQueues(2).inNamespace(GATEWAY))) {
                waitForCapture(dir);
                for (Attempt a : ATTEMPTS) {
                    try (var s = net.connect(a.from(), a.host(), a.port())) {
                        live.put(a, s.opened().equals("connected") && s.exchange(a.line()).equals("ok " + a.line()));
                    }
                }
                Thread.sleep(500);
                assertThat(gateway.queueFailures()).isEmpty();
            } finally {
                for (Process p : dumps) {
                    p.destroy();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        Map<Attempt, Boolean> replayed = replay(config, dir);
        for (Attempt a : ATTEMPTS) {
            assertThat(live.get(a)).as("live: " + a.name()).isEqualTo(a.passes());
            assertThat(replayed.get(a)).as("engine on the recording: " + a.name()).isEqualTo(live.get(a));
        }
        assertThat(firstDrops).as("stage of the engine's first drop per blocked attempt").containsExactlyInAnyOrderEntriesOf(
                ATTEMPTS.stream().filter(a -> !a.passes()).collect(java.util.stream.Collectors.toMap(Attempt::name, Attempt::stage)));
    }

    private final Map<String, Stage> firstDrops = new LinkedHashMap<>();

    /** Both recordings in time order through one engine: per attempt, whether all its client data was accepted. */
    private Map<Attempt, Boolean> replay(GatewayConfig config, Path dir) throws IOException {
        record Frame(long time, Interface ingress, byte[] bytes) {
        }
        List<Frame> frames = new ArrayList<>();
        for (Interface side : List.of(Interface.LAN, Interface.WAN)) {
            Path file = dir.resolve((side == Interface.LAN ? LAN_IF : WAN_IF) + ".pcap");
            try (CaptureReader reader = CaptureReader.open(file)) {
                CapturedFrame f = new CapturedFrame();
                while (reader.next(f)) {
                    frames.add(new Frame(f.timestampNanos(), side, java.util.Arrays.copyOf(f.buffer(), f.length())));
                }
            }
        }
        frames.sort(Comparator.comparingLong(Frame::time));
        assertThat(frames).as("packets recorded").hasSizeGreaterThan(20);
        EngineOptions d = EngineOptions.defaults();
        // As live: no transport checksum check (veths leave checksums to offload).
        EngineOptions options = new EngineOptions(d.connectionCapacity(), d.timeouts(), false, d.fragmentDatagrams(), d.fragmentBytes(),
                d.fragmentTimeoutNanos(), d.mtu(), d.inspectApplicationProtocols());
        TrafficEngine engine = new TrafficEngine(config, options, FrameSink.DISCARD);
        Map<Attempt, Boolean> passed = new LinkedHashMap<>();
        for (Frame f : frames) {
            // Read before the engine sees the frame: it translates (NAT) in place.
            Attempt a = clientPacketOf(f.ingress(), f.bytes());
            int payload = a == null ? 0 : payloadLength(f.bytes());
            Decision decision = engine.process(f.ingress(), LinkLayer.ETHERNET, f.bytes(), 0, f.bytes().length, f.time(), 0);
            if (a == null) {
                continue;
            }
            if (decision.verdict() != Verdict.ACCEPT) {
                firstDrops.putIfAbsent(a.name(), decision.stage());
            }
            if (payload > 0) {
                passed.merge(a, decision.verdict() == Verdict.ACCEPT, Boolean::logicalAnd);
            }
        }
        for (Attempt a : ATTEMPTS) {
            passed.putIfAbsent(a, false);
        }
        return passed;
    }

    /** The attempt a client-to-server packet belongs to (by arrival side, destination address and port), or null. */
    private static Attempt clientPacketOf(Interface ingress, byte[] frame) {
        if (frame.length < 14 + 20 + 20 || (frame[12] & 0xff) != 0x08 || frame[13] != 0 || frame[14 + 9] != 6) {
            return null;
        }
        int ihl = (frame[14] & 0x0f) * 4;
        String dst = (frame[30] & 0xff) + "." + (frame[31] & 0xff) + "." + (frame[32] & 0xff) + "." + (frame[33] & 0xff);
        int dport = ((frame[14 + ihl + 2] & 0xff) << 8) | (frame[14 + ihl + 3] & 0xff);
        for (Attempt a : ATTEMPTS) {
            if (a.ingress() == ingress && a.host().equals(dst) && a.port() == dport) {
                return a;
            }
        }
        return null;
    }

    private static int payloadLength(byte[] frame) {
        int ihl = (frame[14] & 0x0f) * 4;
        int total = ((frame[16] & 0xff) << 8) | (frame[17] & 0xff);
        int doff = ((frame[14 + ihl + 12] & 0xf0) >> 4) * 4;
        return total - ihl - doff;
    }

    private static void waitForCapture(Path dir) throws InterruptedException, IOException {
        for (int i = 0; i < 50; i++) {
            if (Files.exists(dir.resolve(LAN_IF + ".log")) && Files.readString(dir.resolve(LAN_IF + ".log")).contains("listening")
                    && Files.readString(dir.resolve(WAN_IF + ".log")).contains("listening")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("tcpdump did not start: " + Files.readString(dir.resolve(LAN_IF + ".log")));
    }
}
