package dev.palisade.bench;

import dev.palisade.ips.modbus.ModbusCondition;
import dev.palisade.ips.modbus.ModbusEvent;
import dev.palisade.ips.modbus.ModbusInspector;
import dev.palisade.ips.modbus.ModbusKeywords;
import dev.palisade.ips.modbus.ModbusListener;
import dev.palisade.ips.modbus.ModbusSettings;
import dev.palisade.ips.modbus.ModbusTransaction;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Modbus/TCP engine ({@link ModbusInspector}) on the steady state of polling connections:
 * per invocation one request (read 10 holding registers, or write 4 registers) and its response
 * on one of {@code flows} open connections taken in turn, delivered whole ({@code exchange}) or
 * each unit cut in two calls ({@code splitExchange}), or three pipelined requests in one segment
 * and their three responses in another ({@code pipelined}). The listener evaluates four
 * {@code modbus:} conditions on every message, as a rule set would. Result: ns per exchange; with
 * {@code -prof gc}, bytes allocated per exchange (the design target is 0).
 *
 * <p>Run: {@code ./palisade bench ModbusParserBenchmark -f 1 -wi 2 -i 3 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ModbusParserBenchmark {

    @Param({"1", "1000"})
    public int flows;

    private ModbusInspector inspector;
    private byte[][] requests;
    private byte[][] responses;
    private byte[] pipelinedRequests;
    private byte[] pipelinedResponses;
    private int flow;
    private int tid;
    private long sink;

    private final ModbusCondition[] conditions = {
        ModbusKeywords.parseCondition("access write holding, address <100"),
        ModbusKeywords.parseCondition("function !assigned"),
        ModbusKeywords.parseCondition("function 8"),
        ModbusKeywords.parseCondition("unit 10, access read coils, address 0<>2"),
    };

    private final ModbusListener listener = new ModbusListener() {
        @Override
        public void message(ModbusTransaction tx, int direction) {
            for (ModbusCondition c : conditions) {
                if (c.matches(tx)) {
                    sink++;
                }
            }
        }

        @Override
        public void anomaly(ModbusTransaction tx, ModbusEvent event, int direction) {
            sink += event.ordinal() + 1000;
        }

        @Override
        public void completed(ModbusTransaction tx) {
            sink += tx.id();
        }
    };

    private static byte[] adu(int tid, int unit, int function, int... data) {
        byte[] b = new byte[8 + data.length];
        b[0] = (byte) (tid >>> 8);
        b[1] = (byte) tid;
        b[5] = (byte) (2 + data.length);
        b[6] = (byte) unit;
        b[7] = (byte) function;
        for (int i = 0; i < data.length; i++) {
            b[8 + i] = (byte) data[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Setup(Level.Trial)
    public void setUp() {
        inspector = new ModbusInspector(flows, ModbusSettings.DEFAULTS, listener);
        for (int f = 0; f < flows; f++) {
            inspector.open(f, false);
        }
        int[] twentyBytes = new int[21];
        twentyBytes[0] = 20;
        requests = new byte[][] {
            adu(0, 1, 0x03, 0x00, 0x10, 0x00, 0x0a),
            adu(0, 1, 0x10, 0x00, 0x20, 0x00, 0x04, 0x08, 0, 1, 0, 2, 0, 3, 0, 4)};
        responses = new byte[][] {adu(0, 1, 0x03, twentyBytes), adu(0, 1, 0x10, 0x00, 0x20, 0x00, 0x04)};
        pipelinedRequests = concat(adu(1, 1, 0x03, 0x00, 0x10, 0x00, 0x0a), adu(2, 1, 0x01, 0x00, 0x00, 0x00, 0x10),
                adu(3, 1, 0x06, 0x00, 0x05, 0x00, 0x0b));
        pipelinedResponses = concat(adu(1, 1, 0x03, twentyBytes), adu(2, 1, 0x01, 0x02, 0xff, 0x00),
                adu(3, 1, 0x06, 0x00, 0x05, 0x00, 0x0b));
    }

    private int nextFlow() {
        int f = flow;
        flow = f + 1 == flows ? 0 : f + 1;
        return f;
    }

    /** One request and its response, each whole in one call; transaction ids count up. */
    @Benchmark
    public long exchange() {
        int f = nextFlow();
        int t = tid++;
        byte[] q = requests[t & 1];
        byte[] r = responses[t & 1];
        q[0] = r[0] = (byte) (t >>> 8);
        q[1] = r[1] = (byte) t;
        inspector.data(f, 0, q, 0, q.length);
        inspector.data(f, 1, r, 0, r.length);
        return sink;
    }

    /** As {@link #exchange}, each unit cut after 5 bytes (inside the MBAP header). */
    @Benchmark
    public long splitExchange() {
        int f = nextFlow();
        int t = tid++;
        byte[] q = requests[t & 1];
        byte[] r = responses[t & 1];
        q[0] = r[0] = (byte) (t >>> 8);
        q[1] = r[1] = (byte) t;
        inspector.data(f, 0, q, 0, 5);
        inspector.data(f, 0, q, 5, q.length - 5);
        inspector.data(f, 1, r, 0, 5);
        inspector.data(f, 1, r, 5, r.length - 5);
        return sink;
    }

    /** Three requests in one segment, their three responses in the next (3 exchanges per call). */
    @Benchmark
    public long pipelined() {
        int f = nextFlow();
        inspector.data(f, 0, pipelinedRequests, 0, pipelinedRequests.length);
        inspector.data(f, 1, pipelinedResponses, 0, pipelinedResponses.length);
        return sink;
    }
}
