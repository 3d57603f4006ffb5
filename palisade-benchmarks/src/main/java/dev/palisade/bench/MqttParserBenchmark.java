package dev.palisade.bench;

import dev.palisade.ips.mqtt.MqttEvent;
import dev.palisade.ips.mqtt.MqttLimits;
import dev.palisade.ips.mqtt.MqttListener;
import dev.palisade.ips.mqtt.MqttMessage;
import dev.palisade.ips.mqtt.MqttSession;
import dev.palisade.ips.mqtt.MqttTransaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * The MQTT engine ({@link MqttSession}) over a steady MQTT 5.0 conversation, per packet: a mix of
 * QoS 0 publishes (100-byte payload), QoS 1 publishes with their PUBACK, SUBSCRIBE/SUBACK and
 * PINGREQ/PINGRESP, 40 packets per round, fed in TCP-sized chunks ({@code chunk} bytes, so packets
 * straddle calls) alternately per direction as the conversation goes. The listener reads the
 * message type, as a matcher would. Result: ns per packet; with {@code -prof gc}, bytes allocated
 * per packet (0 in steady state: transactions and messages are pooled per session).
 *
 * <p>Run: {@code ./palisade bench MqttParserBenchmark -f 1 -wi 2 -i 3 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MqttParserBenchmark {

    private static final int PACKETS_PER_ROUND = 40;

    @Param({"1460", "64"})
    public int chunk;

    private MqttSession session;
    private byte[] toServer;
    private byte[] toClient;
    private long sink;

    private final MqttListener listener = new MqttListener() {
        @Override
        public void message(int flow, MqttTransaction tx, MqttMessage message) {
            sink += message.type().code() + tx.messageCount();
        }

        @Override
        public void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction) {
            sink++;
        }

        @Override
        public void completed(int flow, MqttTransaction tx) {
            sink += tx.id();
        }
    };

    @Setup
    public void setUp() {
        session = new MqttSession(1, MqttLimits.DEFAULTS, listener);
        byte[] connect = packet(1, 0, concat(str("MQTT"), new byte[] {5, 2, 0, 60, 0}, str("bench-client")));
        byte[] connack = packet(2, 0, new byte[] {0, 0, 0});
        session.data(0, connect, 0, connect.length);
        session.data(1, connack, 0, connack.length);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        byte[] payload = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
        // 10 x (QoS 0 publish, QoS 1 publish + PUBACK) + 4 x (SUBSCRIBE + SUBACK) + 4 x (PINGREQ + PINGRESP) = 40
        for (int i = 0; i < 10; i++) {
            c.writeBytes(packet(3, 0, concat(str("plant/line1/temp"), new byte[] {0}, payload)));
            int id = i + 1;
            c.writeBytes(packet(3, 2, concat(str("plant/line1/alarm"), new byte[] {(byte) (id >> 8), (byte) id, 0}, payload)));
            s.writeBytes(packet(4, 0, new byte[] {(byte) (id >> 8), (byte) id}));
        }
        for (int i = 0; i < 4; i++) {
            int id = 100 + i;
            c.writeBytes(packet(8, 2, concat(new byte[] {(byte) (id >> 8), (byte) id, 0}, str("plant/+/temp"), new byte[] {1})));
            s.writeBytes(packet(9, 0, new byte[] {(byte) (id >> 8), (byte) id, 0, 1}));
            c.writeBytes(new byte[] {(byte) 0xc0, 0});
            s.writeBytes(new byte[] {(byte) 0xd0, 0});
        }
        toServer = c.toByteArray();
        toClient = s.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_ROUND)
    public long conversation() {
        // Client bytes first, then the server's acknowledgements: every QoS 1 publish and subscribe stays
        // open until its acknowledgement, as on a real connection with a little latency.
        feed(0, toServer);
        feed(1, toClient);
        return sink;
    }

    private void feed(int direction, byte[] bytes) {
        for (int off = 0; off < bytes.length; off += chunk) {
            session.data(direction, bytes, off, Math.min(chunk, bytes.length - off));
        }
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (b.length >> 8), (byte) b.length}, b);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] packet(int type, int flags, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type << 4 | flags);
        int v = body.length;
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v > 0 ? b | 0x80 : b);
        } while (v > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
