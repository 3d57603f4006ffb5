package dev.palisade.cli;

import dev.palisade.ips.detect.Flow;
import dev.palisade.ips.detect.PacketMeta;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.rules.Rule;
import dev.palisade.ips.eve.EveWriter;
import dev.palisade.ips.modbus.ModbusTransaction;
import dev.palisade.ips.mqtt.MqttEveOptions;
import dev.palisade.ips.mqtt.MqttTransaction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the running gateway records what the Network Protector's rules matched: EVE JSON lines
 * ({@code alert} and {@code anomaly} records, Suricata's format, {@code alert.action} "blocked" for
 * drop and reject rules) under the data directory's {@code log/}, one file per engine that
 * inspects ({@code ips-alerts.json} for the service's engine, {@code ips-alerts-q<N>.json} for
 * each live queue), so no engine thread waits for another. Each file is bounded: at
 * {@link #MAX_BYTES} it becomes {@code .1} (replacing the older one) and a new file starts. The
 * system log export ({@code log_files.tar.gz}) takes them with the other logs. Writing never
 * throws into the engine: a failure is counted, logged once, and the packet path goes on.
 */
final class AlertLog implements AutoCloseable {

    /** Size at which a file is rotated. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);

    private final Path directory;
    private final long maxBytes;
    private final AtomicLong failures = new AtomicLong();
    private final List<Rotating> open = new ArrayList<>();

    AlertLog(Path directory) {
        this(directory, MAX_BYTES);
    }

    AlertLog(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    /** The listener of one engine's protector, writing {@code ips-alerts<suffix>.json} (suffix "" or "-q0", ...). */
    synchronized ProtectorListener listener(String suffix) {
        Rotating out = new Rotating(directory.resolve("ips-alerts" + suffix + ".json"), maxBytes);
        open.add(out);
        return new Records(new EveWriter(out, MqttEveOptions.DEFAULTS, false, Set.of("alert", "anomaly")), this);
    }

    /** Records that could not be written. */
    long failures() {
        return failures.get();
    }

    private void failed(RuntimeException e) {
        if (failures.getAndIncrement() == 0) {
            LOG.warn("the industrial IPS's alert log under {} cannot be written (later failures are only counted): {}", directory,
                    e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        for (Rotating r : open) {
            r.close();
        }
        open.clear();
    }

    /** One engine's records: the EVE writer, shielded so that nothing it throws reaches the engine. */
    private record Records(EveWriter eve, AlertLog log) implements ProtectorListener {

        @Override
        public void alert(PacketMeta packet, Flow flow, Rule rule, Object transaction) {
            try {
                eve.alert(packet, flow, rule, transaction);
            } catch (RuntimeException e) {
                log.failed(e);
            }
        }

        @Override
        public void modbusTransaction(PacketMeta packet, Flow flow, ModbusTransaction tx) {
            try {
                eve.modbusTransaction(packet, flow, tx);
            } catch (RuntimeException e) {
                log.failed(e);
            }
        }

        @Override
        public void mqttTransaction(PacketMeta packet, Flow flow, MqttTransaction tx) {
            try {
                eve.mqttTransaction(packet, flow, tx);
            } catch (RuntimeException e) {
                log.failed(e);
            }
        }

        @Override
        public void anomaly(PacketMeta packet, Flow flow, String app, String event, long txId) {
            try {
                eve.anomaly(packet, flow, app, event, txId);
            } catch (RuntimeException e) {
                log.failed(e);
            }
        }

        @Override
        public void flowEnded(Flow flow, long nowNanos) {
            try {
                eve.flowEnded(flow, nowNanos);
            } catch (RuntimeException e) {
                log.failed(e);
            }
        }
    }

    /**
     * A file opened for appending on the first record; each record arrives in one write (the EVE
     * writer is unbatched), so a rotation never splits a line.
     */
    private static final class Rotating extends OutputStream {
        private final Path file;
        private final long maxBytes;
        private FileChannel channel;
        private long size;

        Rotating(Path file, long maxBytes) {
            this.file = file;
            this.maxBytes = maxBytes;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                size = channel.size();
            }
            if (size > 0 && size + len > maxBytes) {
                channel.close();
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                size = 0;
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                size += channel.write(buffer);
            }
        }

        @Override
        public synchronized void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warn("closing {}: {}", file, e.getMessage());
                }
                channel = null;
            }
        }
    }
}
