package dev.palisade.ips.mqtt;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.ips.json.JsonLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Dev-time tool, not a test: runs a capture's TCP port-1883 flows through the MQTT engine and
 * writes the {@code mqtt} and {@code anomaly} EVE records it produces, one JSON object per line,
 * so scripts/conformance/mqtt-eve-check.py can evaluate suricata-verify checks against them before
 * the real {@code palisade inspect} exists. The TCP reassembly here is deliberately simple
 * (in-order delivery with a reorder map, no retransmission policy): enough for the
 * suricata-verify captures.
 *
 * <p>usage: MqttEveDump IN.pcap OUT.json [--max-msg-length N] [--string-log-limit N] [--midstream]
 */
public final class MqttEveDump {

    private MqttEveDump() {
    }

    private static final class Direction {
        boolean started;
        int next;
        final Map<Integer, byte[]> early = new HashMap<>();
    }

    private static final class Flow {
        final int id;
        final Direction[] dirs = {new Direction(), new Direction()};

        Flow(int id) {
            this.id = id;
        }
    }

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int maxMsg = MqttLimits.DEFAULTS.maxMessageLength();
        int logLimit = MqttEveOptions.SURICATA.stringLogLimit();
        boolean midstream = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--max-msg-length" -> maxMsg = Integer.parseInt(args[++i]);
                case "--string-log-limit" -> logLimit = Integer.parseInt(args[++i]);
                case "--midstream" -> midstream = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        MqttLimits limits = new MqttLimits(maxMsg, MqttLimits.DEFAULTS.maxTransactions(), MqttLimits.DEFAULTS.maxMessagesPerTransaction());
        MqttEveWriter eve = new MqttEveWriter(new MqttEveOptions(logLimit, true));
        try (OutputStream os = Files.newOutputStream(out)) {
            MqttListener listener = new MqttListener() {
                @Override
                public void message(int flow, MqttTransaction tx, MqttMessage message) {
                }

                @Override
                public void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction) {
                    JsonLine g = new JsonLine();
                    g.writeStartObject();
                    g.writeStringProperty("event_type", "anomaly");
                    g.writeNumberProperty("flow_id", flow);
                    g.writeNumberProperty("tx_id", tx.id() - 1);
                    g.writeObjectPropertyStart("anomaly");
                    g.writeStringProperty("app_proto", "mqtt");
                    g.writeStringProperty("type", "applayer");
                    g.writeStringProperty("event", event.eventName());
                    g.writeStringProperty("layer", "proto_parser");
                    g.writeEndObject();
                    g.writeEndObject();
                    write(os, g + "\n");
                }

                @Override
                public void completed(int flow, MqttTransaction tx) {
                    JsonLine g = new JsonLine();
                    g.writeStartObject();
                    g.writeStringProperty("event_type", "mqtt");
                    g.writeNumberProperty("flow_id", flow);
                    g.writeNumberProperty("tx_id", tx.id() - 1);
                    eve.write(tx, g);
                    g.writeEndObject();
                    write(os, g + "\n");
                }
            };
            run(in, limits, midstream, listener);
        }
    }

    private static void write(OutputStream os, String s) {
        try {
            os.write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void run(Path in, MqttLimits limits, boolean midstream, MqttListener listener) throws IOException {
        MqttEngine engine = new MqttEngine(1024, limits, listener);
        Map<String, Flow> flows = new HashMap<>();
        CapturedFrame frame = new CapturedFrame();
        try (CaptureReader reader = CaptureReader.open(in)) {
            while (reader.next(frame)) {
                Segment v = Segment.parse(frame.buffer(), frame.length());
                if (v == null) {
                    continue;
                }
                boolean toServer = v.dstPort == 1883;
                if (!toServer && v.srcPort != 1883) {
                    continue;
                }
                String clientKey = toServer ? v.src + ":" + v.srcPort : v.dst + ":" + v.dstPort;
                Flow f = flows.get(clientKey);
                boolean syn = (v.flags & 0x02) != 0;
                if (f == null) {
                    if (!syn && !midstream) {
                        continue;
                    }
                    f = new Flow(flows.size());
                    flows.put(clientKey, f);
                }
                Direction d = f.dirs[toServer ? 0 : 1];
                int payload = v.payload;
                int len = v.length;
                if (syn) {
                    d.started = true;
                    d.next = v.seq + 1;
                    continue;
                }
                if (len == 0) {
                    continue;
                }
                if (!d.started) {
                    d.started = true;
                    d.next = v.seq;
                }
                byte[] bytes = new byte[len];
                System.arraycopy(frame.buffer(), payload, bytes, 0, len);
                deliver(engine, f, toServer ? 0 : 1, v.seq, bytes);
            }
        }
        for (Flow f : flows.values()) {
            engine.close(f.id);
        }
    }

    private static void deliver(MqttEngine engine, Flow f, int dir, int seq, byte[] bytes) {
        Direction d = f.dirs[dir];
        d.early.put(seq, bytes);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<Integer, byte[]> e : d.early.entrySet()) {
                int rel = e.getKey() - d.next;
                if (rel <= 0) {
                    byte[] b = e.getValue();
                    d.early.remove(e.getKey());
                    int skip = -rel;
                    if (skip < b.length) {
                        engine.data(f.id, dir, b, skip, b.length - skip);
                        d.next += b.length - skip;
                    }
                    progress = true;
                    break;
                }
            }
        }
    }

    /** A TCP segment over Ethernet and IPv4 or IPv6 (the dataplane parser is IPv4-only; some captures are IPv6). */
    private record Segment(String src, String dst, int srcPort, int dstPort, int seq, int flags, int payload, int length) {

        static Segment parse(byte[] b, int n) {
            if (n < 14) {
                return null;
            }
            int type = u16(b, 12);
            int ip = 14;
            int l4;
            int end;
            String src;
            String dst;
            if (type == 0x0800 && n >= ip + 20 && (b[ip + 9] & 0xff) == 6) {
                l4 = ip + (b[ip] & 0x0f) * 4;
                end = Math.min(n, ip + u16(b, ip + 2));
                src = HexFormat.of().formatHex(b, ip + 12, ip + 16);
                dst = HexFormat.of().formatHex(b, ip + 16, ip + 20);
            } else if (type == 0x86dd && n >= ip + 40 && (b[ip + 6] & 0xff) == 6) {
                l4 = ip + 40;
                end = Math.min(n, l4 + u16(b, ip + 4));
                src = HexFormat.of().formatHex(b, ip + 8, ip + 24);
                dst = HexFormat.of().formatHex(b, ip + 24, ip + 40);
            } else {
                return null;
            }
            if (end < l4 + 20) {
                return null;
            }
            int payload = l4 + ((b[l4 + 12] & 0xf0) >> 4) * 4;
            int seq = (u16(b, l4 + 4) << 16) | u16(b, l4 + 6);
            return new Segment(src, dst, u16(b, l4), u16(b, l4 + 2), seq, b[l4 + 13] & 0xff, payload, Math.max(0, end - payload));
        }

        private static int u16(byte[] b, int at) {
            return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
        }
    }
}
