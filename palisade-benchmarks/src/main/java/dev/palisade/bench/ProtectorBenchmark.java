package dev.palisade.bench;

import dev.palisade.ips.detect.CompiledRules;
import dev.palisade.ips.detect.Protector;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.eve.EveWriter;
import dev.palisade.ips.modbus.ModbusEvent;
import dev.palisade.ips.mqtt.MqttEveOptions;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.RuleVariables;
import java.io.OutputStream;
import java.util.Set;
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
 * What {@code palisade inspect} does per packet, without the JVM's start and the files: the
 * {@link Protector} (decode, flow table, packet rules, stream reassembly, Modbus engine, Modbus
 * rules) and, with {@code eve=true}, the {@link EveWriter} writing alert, anomaly and modbus
 * records (the types {@code scripts/bench/ips-vs-suricata.sh} asks for) into a stream that
 * discards them.
 *
 * <p>Traffic of the shape of {@code scripts/bench/make-modbus-capture.py}, as a steady stream:
 * {@code flows} connections to port 502 opened with a handshake, then visited in rounds; each
 * visit is a read-holding-registers request (10 registers) and its 20-byte response, or, every
 * tenth round, a write-single-register request and its echo; sequence numbers, acknowledgments
 * and transaction ids are patched into per-connection template frames, time advances 10 µs per
 * packet. Rules of the shape of the script's rule file: one alert rule per Modbus event
 * ({@code app-layer-event}) and four {@code modbus:} keyword rules (write access, unassigned
 * function, diagnostics, writes to holding registers below 100), so every write raises one
 * alert. One operation is one packet; with {@code -prof gc}, bytes allocated per packet (the
 * target is 0).
 *
 * <p>Run: {@code ./palisade bench ProtectorBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class ProtectorBenchmark {

    private static final int ETH = 14;
    private static final int TCP_SEQ = ETH + 20 + 4;
    private static final int MBAP = ETH + 40;

    @Param({"true", "false"})
    public boolean eve;

    @Param({"2000"})
    public int flows;

    private Protector protector;
    private EveWriter writer;
    private byte[][] readRequests;
    private byte[][] readResponses;
    private byte[][] writeRequests;
    private byte[][] writeResponses;
    private int[] clientSeq;
    private int[] serverSeq;
    private long now = 1_700_000_000L * 1_000_000_000L;
    private int cursor;
    private int round;

    static String rules() {
        StringBuilder b = new StringBuilder();
        int sid = 2_000_000;
        for (ModbusEvent e : ModbusEvent.values()) {
            b.append("alert modbus any any -> any any (msg:\"Modbus event ").append(e.ruleName()).append("\"; app-layer-event:modbus.")
                    .append(e.ruleName()).append("; classtype:protocol-command-decode; sid:").append(++sid).append(";)\n");
        }
        for (String c : new String[] {"access write", "function !assigned", "function 8", "access write holding, address <100"}) {
            b.append("alert modbus any any -> any any (msg:\"Modbus ").append(c).append("\"; modbus: ").append(c).append("; sid:")
                    .append(++sid).append(";)\n");
        }
        return b.toString();
    }

    @Setup(Level.Trial)
    public void setUp() {
        RuleSet set = RuleParser.withInstalledProtocols(RuleVariables.defaults()).parse("bench.rules", rules());
        if (set.hasErrors()) {
            throw new IllegalStateException(set.errors().toString());
        }
        ProtectorListener listener = ProtectorListener.NONE;
        if (eve) {
            writer = new EveWriter(OutputStream.nullOutputStream(), MqttEveOptions.SURICATA, true,
                    Set.of("alert", "anomaly", "modbus"), true);
            listener = writer;
        }
        protector = new Protector(CompiledRules.compile(set), ProtectorSettings.DEFAULTS.withMidstream(true), listener);
        readRequests = new byte[flows][];
        readResponses = new byte[flows][];
        writeRequests = new byte[flows][];
        writeResponses = new byte[flows][];
        clientSeq = new int[flows];
        serverSeq = new int[flows];
        byte[] read = {0, 0, 0, 0, 0, 6, 1, 3, 0, 0, 0, 10};
        byte[] readResponse = new byte[29];
        System.arraycopy(new byte[] {0, 0, 0, 0, 0, 23, 1, 3, 20}, 0, readResponse, 0, 9);
        byte[] write = {0, 0, 0, 0, 0, 6, 1, 6, 0, 100, 0, 9};
        for (int i = 0; i < flows; i++) {
            int client = 10 << 24 | 1 << 16 | i;
            int server = 10 << 24 | 2 << 16 | 1 + i % 50;
            int port = 20_000 + i % 40_000;
            inspect(frame(client, server, port, 502, 1000, 0, 0x02, new byte[0]));
            inspect(frame(server, client, 502, port, 5000, 1001, 0x12, new byte[0]));
            inspect(frame(client, server, port, 502, 1001, 5001, 0x10, new byte[0]));
            clientSeq[i] = 1001;
            serverSeq[i] = 5001;
            readRequests[i] = frame(client, server, port, 502, 0, 0, 0x18, read);
            readResponses[i] = frame(server, client, 502, port, 0, 0, 0x18, readResponse);
            writeRequests[i] = frame(client, server, port, 502, 0, 0, 0x18, write);
            writeResponses[i] = frame(server, client, 502, port, 0, 0, 0x18, write);
        }
    }

    private void inspect(byte[] frame) {
        protector.inspectFrame(frame, 0, frame.length, 1, now += 10_000);
    }

    /** One packet: the next request or response of the round. */
    @Benchmark
    public int inspect() {
        int k = cursor++;
        int flow = (k >>> 1) % flows;
        int r = round;
        if (flow == flows - 1 && (k & 1) == 1) {
            round++;
        }
        boolean writing = r % 10 == 9;
        byte[] frame;
        int length;
        if ((k & 1) == 0) {
            frame = writing ? writeRequests[flow] : readRequests[flow];
            put32(frame, TCP_SEQ, clientSeq[flow]);
            put32(frame, TCP_SEQ + 4, serverSeq[flow]);
        } else {
            frame = writing ? writeResponses[flow] : readResponses[flow];
            length = writing ? writeRequests[flow].length : readRequests[flow].length;
            put32(frame, TCP_SEQ, serverSeq[flow]);
            put32(frame, TCP_SEQ + 4, clientSeq[flow] + length - MBAP);
            clientSeq[flow] += length - MBAP;
            serverSeq[flow] += frame.length - MBAP;
        }
        frame[MBAP] = (byte) (r >>> 8);
        frame[MBAP + 1] = (byte) r;
        return protector.inspectFrame(frame, 0, frame.length, 1, now += 10_000).alerts();
    }

    @TearDown(Level.Trial)
    public void check() {
        long pdus = protector.modbusPdus();
        if (pdus < protector.packets() - 3L * flows - 2) {
            throw new IllegalStateException("only " + pdus + " Modbus PDUs in " + protector.packets() + " packets");
        }
        System.err.println("protector: " + protector.packets() + " packets, " + pdus + " Modbus PDUs"
                + (writer == null ? "" : ", " + writer.records() + " EVE records"));
    }

    private static byte[] frame(int src, int dst, int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        byte[] b = new byte[ETH + 40 + payload.length];
        b[0] = 2;
        b[5] = 2;
        b[6] = 2;
        b[11] = 1;
        b[12] = 0x08;
        b[ETH] = 0x45;
        int total = 40 + payload.length;
        b[ETH + 2] = (byte) (total >>> 8);
        b[ETH + 3] = (byte) total;
        b[ETH + 6] = 0x40;
        b[ETH + 8] = 64;
        b[ETH + 9] = 6;
        put32(b, ETH + 12, src);
        put32(b, ETH + 16, dst);
        int tcp = ETH + 20;
        b[tcp] = (byte) (sport >>> 8);
        b[tcp + 1] = (byte) sport;
        b[tcp + 2] = (byte) (dport >>> 8);
        b[tcp + 3] = (byte) dport;
        put32(b, tcp + 4, seq);
        put32(b, tcp + 8, ack);
        b[tcp + 12] = 0x50;
        b[tcp + 13] = (byte) flags;
        b[tcp + 14] = (byte) 0xFF;
        b[tcp + 15] = (byte) 0xFF;
        System.arraycopy(payload, 0, b, tcp + 20, payload.length);
        return b;
    }

    private static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
