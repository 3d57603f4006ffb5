package dev.palisade.bench;

import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packets per second through the whole {@link TrafficEngine} on Modbus/TCP transit traffic,
 * with the Network Protector enforcing at stage ips-block ({@code ips=on}) or not installed
 * ({@code ips=off}): the cost of industrial inspection in the gateway.
 *
 * <p>Traffic: {@code flows} established, masqueraded Modbus/TCP connections from LAN clients to
 * WAN servers on port 502, visited round-robin; each visit is a read-holding-registers request
 * (66-byte frame) or its 65-byte response, so every packet carries one Modbus PDU that the
 * protector reassembles, parses, matches to its request and runs the rules over. Sequence and
 * acknowledgment numbers are written into two template frames per packet, so streams advance as
 * real ones do (transport checksums are not verified, since the patched frames keep the
 * template's). Rules: 30 realistic ones (drop on every write function, alerts on diagnostics and
 * on byte patterns of the MBAP header), none matching the reads, so nothing is blocked and the
 * measured cost is the inspection itself. One operation = one packet.
 *
 * <p>Run (after {@code mvn -B -q -pl palisade-benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar palisade-benchmarks/target/benchmarks.jar IpsEngineBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class IpsEngineBenchmark {

    private static final long TICK_NANOS = 1_000;
    private static final int TCP_SEQ = 14 + 20 + 4;
    private static final byte[] READ = {0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1};
    private static final byte[] READ_RESPONSE = {0, 1, 0, 0, 0, 5, 1, 3, 2, 0, 42};

    static String rules() {
        StringBuilder b = new StringBuilder();
        int sid = 1_000_000;
        for (int f : new int[] {5, 6, 15, 16, 22, 23}) {
            b.append("drop modbus any any -> any 502 (msg:\"Modbus write function ").append(f).append("\"; modbus: function ")
                    .append(f).append("; sid:").append(++sid).append(";)\n");
        }
        b.append("drop modbus any any -> any any (msg:\"Modbus write access\"; modbus: access write; sid:").append(++sid).append(";)\n");
        b.append("alert modbus any any -> any any (msg:\"Modbus diagnostics\"; modbus: function 8; sid:").append(++sid).append(";)\n");
        for (int i = 0; i < 22; i++) {
            b.append("alert tcp any any -> any 502 (msg:\"MBAP unit ").append(100 + i).append("\"; flow:to_server,established; ")
                    .append("content:\"|00 00 00 06 ").append(String.format("%02x", 100 + i)).append("|\"; offset:2; depth:5; sid:")
                    .append(++sid).append(";)\n");
        }
        return b.toString();
    }

    /** The engine, optionally with the protector, and the flows' templates and sequence numbers. */
    @State(Scope.Thread)
    public static class Gateway {

        @Param({"off", "on"})
        public String ips;

        @Param({"1000"})
        public int flows;

        TrafficEngine engine;
        NetworkProtector protector;
        byte[][] requests;
        byte[][] responses;
        int[] clientSeq;
        int[] serverSeq;
        final byte[] scratch = new byte[2048];
        long now = 1_000_000_000L;
        int cursor;

        @Setup(Level.Trial)
        public void setUp() throws NetworkProtector.RulesRejected {
            var config = TestConfigs.router().rule("accept", "In", "tcp", "192.168.0.0/16", null, null, "502").build();
            engine = new TrafficEngine(config, EngineOptions.defaults().withVerifyTransportChecksums(false),
                    new EngineThroughputBenchmark.CountingSink());
            if (ips.equals("on")) {
                protector = NetworkProtector.start(List.of(new RuleParser.RuleFile("bench.rules", rules())),
                        ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
                engine.setTransitInspector(protector);
            }
            requests = new byte[flows][];
            responses = new byte[flows][];
            clientSeq = new int[flows];
            serverSeq = new int[flows];
            for (int i = 0; i < flows; i++) {
                String client = "192.168.1." + (2 + i % 97);
                int port = 20_000 + i;
                String server = "203.0.113." + (1 + i % 100);
                int cs = 1000 + i * 7;
                int ss = 900_000 + i * 13;
                process(Interface.LAN, Frames.tcp(client, port, server, 502).syn().seq(cs).build());
                process(Interface.WAN, Frames.tcp(server, 502, "198.51.100.2", port).synAck(cs + 1).seq(ss).build());
                process(Interface.LAN, Frames.tcp(client, port, server, 502).flags(0x10).seq(cs + 1).ack(ss + 1).build());
                requests[i] = Frames.tcp(client, port, server, 502).flags(0x18).seq(cs + 1).ack(ss + 1).payload(READ).build();
                responses[i] = Frames.tcp(server, 502, "198.51.100.2", port).flags(0x18).seq(ss + 1).ack(cs + 13)
                        .payload(READ_RESPONSE).build();
                clientSeq[i] = cs + 1;
                serverSeq[i] = ss + 1;
            }
            // Two rounds: every packet must be forwarded.
            for (int k = 0; k < 4 * flows; k++) {
                Decision d = next();
                if (d.verdict() != Verdict.ACCEPT) {
                    throw new IllegalStateException("packet " + k + " not forwarded: " + d);
                }
            }
        }

        private void process(Interface in, byte[] frame) {
            System.arraycopy(frame, 0, scratch, 0, frame.length);
            Decision d = engine.process(in, LinkLayer.ETHERNET, scratch, 0, frame.length, now += TICK_NANOS, 0);
            if (d.verdict() != Verdict.ACCEPT) {
                throw new IllegalStateException("opening packet not accepted: " + d);
            }
        }

        Decision next() {
            int k = cursor++;
            int flow = (k >>> 1) % flows;
            byte[] frame;
            Interface in;
            if ((k & 1) == 0) {
                frame = requests[flow];
                in = Interface.LAN;
                put32(frame, TCP_SEQ, clientSeq[flow]);
                put32(frame, TCP_SEQ + 4, serverSeq[flow]);
            } else {
                frame = responses[flow];
                in = Interface.WAN;
                put32(frame, TCP_SEQ, serverSeq[flow]);
                put32(frame, TCP_SEQ + 4, clientSeq[flow] + READ.length);
                clientSeq[flow] += READ.length;
                serverSeq[flow] += READ_RESPONSE.length;
            }
            System.arraycopy(frame, 0, scratch, 0, frame.length);
            return engine.process(in, LinkLayer.ETHERNET, scratch, 0, frame.length, now += TICK_NANOS, k);
        }

        private static void put32(byte[] b, int at, int v) {
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (engine.ipsBlocks() != 0) {
                throw new IllegalStateException("the protector blocked " + engine.ipsBlocks() + " packets");
            }
            if (protector != null) {
                System.err.println("protector: " + protector.protector().packets() + " packets, "
                        + protector.protector().modbusPdus() + " Modbus PDUs, " + protector.protector().flows() + " flows");
                if (protector.protector().modbusPdus() < protector.protector().packets() / 2) {
                    throw new IllegalStateException("the protector did not parse the Modbus traffic");
                }
            }
        }
    }

    /** One Modbus packet through the engine (and the protector when on). */
    @Benchmark
    public Decision process(Gateway g) {
        return g.next();
    }
}
