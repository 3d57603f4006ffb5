package dev.palisade.bench;

import dev.palisade.ips.detect.CompiledRules;
import dev.palisade.ips.detect.Inspection;
import dev.palisade.ips.detect.Protector;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.RuleVariables;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protector's packet path ({@link Protector#inspectIp}: decode, flow lookup, bucket lookup,
 * Aho-Corasick prefilter, full evaluation of the candidates) with {@code rules} packet rules:
 * content rules spread over 20 destination ports and a catch-all share, each with a distinct
 * 12-byte pattern and some with {@code nocase}, {@code depth} or a second relative content. The
 * traffic: 256 TCP packets of 64 established flows (midstream off, so no stream reassembly: this
 * measures the matcher, not the engines), 200-byte text payloads, one in eight containing some
 * rule's pattern. Result: ns per packet; with {@code -prof gc}, bytes allocated per packet.
 * Compare {@code rules=10} with {@code rules=1000}: a linear matcher would cost 100 times more.
 *
 * <p>Run: {@code ./palisade bench MatcherBenchmark -f 1 -wi 2 -i 3 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MatcherBenchmark {

    private static final int PACKETS = 256;

    @Param({"10", "1000"})
    public int rules;

    private Protector protector;
    private byte[][] packets;
    private long sink;

    @Setup
    public void setup() {
        Random rnd = new Random(7);
        StringBuilder text = new StringBuilder();
        String[] patterns = new String[rules];
        for (int i = 0; i < rules; i++) {
            patterns[i] = String.format("cmd%04d-%05d", i, rnd.nextInt(100_000));
            String port = i % 4 == 0 ? "any" : String.valueOf(1000 + i % 20);
            text.append("alert tcp any any -> any ").append(port).append(" (msg:\"r").append(i).append("\"; content:\"")
                    .append(patterns[i]).append("\";");
            switch (i % 5) {
                case 1 -> text.append(" nocase;");
                case 2 -> text.append(" depth:150;");
                case 3 -> text.append(" content:\"=\"; distance:0; within:4;");
                default -> { }
            }
            text.append(" sid:").append(i + 1).append(";)\n");
        }
        RuleSet set = RuleParser.withInstalledProtocols(RuleVariables.defaults()).parse("bench.rules", text.toString());
        if (set.hasErrors()) {
            throw new IllegalStateException(set.errors().toString());
        }
        protector = new Protector(CompiledRules.compile(set), ProtectorSettings.DEFAULTS.withMidstream(false),
                ProtectorListener.NONE);
        packets = new byte[PACKETS][];
        for (int k = 0; k < PACKETS; k++) {
            byte[] payload = new byte[200];
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) ('a' + rnd.nextInt(26));
            }
            if (k % 8 == 0) {
                byte[] p = (patterns[rnd.nextInt(rules)] + "=1").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(p, 0, payload, 40, p.length);
            }
            packets[k] = tcp(0x0A000001 + (k % 64), 40000 + k % 64, 0x0A000101, 1000 + k % 20, payload);
        }
        for (byte[] p : packets) {
            protector.inspectIp(p, 0, p.length, 1);
        }
    }

    private static byte[] tcp(int src, int sport, int dst, int dport, byte[] payload) {
        byte[] b = new byte[40 + payload.length];
        b[0] = 0x45;
        int total = b.length;
        b[2] = (byte) (total >>> 8);
        b[3] = (byte) total;
        b[8] = 64;
        b[9] = 6;
        put32(b, 12, src);
        put32(b, 16, dst);
        b[20] = (byte) (sport >>> 8);
        b[21] = (byte) sport;
        b[22] = (byte) (dport >>> 8);
        b[23] = (byte) dport;
        put32(b, 24, 1000);
        b[32] = 0x50;
        b[33] = 0x18;
        System.arraycopy(payload, 0, b, 40, payload.length);
        return b;
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long inspect() {
        long s = 0;
        for (byte[] p : packets) {
            Inspection i = protector.inspectIp(p, 0, p.length, 2);
            s += i.alerts();
        }
        sink += s;
        return s;
    }
}
