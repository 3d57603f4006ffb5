package dev.palisade.ips.eve;

import dev.palisade.ips.detect.Flow;
import dev.palisade.ips.detect.PacketMeta;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.json.JsonLine;
import dev.palisade.ips.modbus.ModbusEve;
import dev.palisade.ips.modbus.ModbusTransaction;
import dev.palisade.ips.mqtt.MqttEveOptions;
import dev.palisade.ips.mqtt.MqttEveWriter;
import dev.palisade.ips.mqtt.MqttFrame;
import dev.palisade.ips.mqtt.MqttTransaction;
import dev.palisade.ips.rules.Action;
import dev.palisade.ips.rules.Rule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes the protector's reports as EVE JSON, one object per line, with Suricata's field names so
 * tools built for Suricata's {@code eve.json} read it: {@code alert} records ({@code alert.action},
 * {@code gid}, {@code signature_id}, {@code rev}, {@code signature}, {@code category},
 * {@code severity}, and the {@code modbus}/{@code mqtt} object of the transaction an app-layer
 * alert fired on), {@code modbus} and {@code mqtt} transaction records, {@code anomaly} records
 * ({@code type: applayer}, {@code layer: proto_parser}, as Suricata logs engine events) and
 * {@code flow} records. Common fields: {@code timestamp} (Suricata's format,
 * {@code 2024-01-31T12:00:00.123456+0000}, UTC), {@code flow_id}, {@code pcap_cnt},
 * {@code event_type}, {@code src_ip}, {@code src_port}, {@code dest_ip}, {@code dest_port},
 * {@code proto}, {@code app_proto}.
 *
 * <p>An app-layer alert is written when its transaction is finished, so its {@code modbus} or
 * {@code mqtt} object shows the request and the response, as Suricata's does when it logs after
 * the transaction progressed; its own time, packet number and addresses are those of the packet
 * that matched.
 *
 * <p>Each record is built in a reusable {@link JsonLine} and handed to the stream in one write
 * (give it a buffered stream); alerts waiting for their transaction are pooled, so writing
 * allocates nothing per record in steady state. Not thread-safe; the caller closes the stream.
 */
public final class EveWriter implements ProtectorListener {

    /** An alert waiting for its transaction to finish: what the matching packet showed. Pooled. */
    private static final class PendingAlert {
        long time;
        long number;
        long flowId;
        final byte[] src = new byte[16];
        final byte[] dst = new byte[16];
        boolean ipv6;
        int sport;
        int dport;
        int proto;
        String app;
        Rule rule;
        PendingAlert next;
    }

    private final OutputStream out;
    private final JsonLine g = new JsonLine(4096);
    private final MqttEveWriter mqtt;
    private final boolean sensor;
    /** Per transaction, the first of its waiting alerts (in the order they matched, through {@code next}). */
    private final Map<Object, PendingAlert> pending = new IdentityHashMap<>();
    private final ArrayDeque<PendingAlert> spare = new ArrayDeque<>();
    private final PendingAlert immediate = new PendingAlert();
    private final byte[] client = new byte[16];
    private final byte[] server = new byte[16];
    private final boolean alerts;
    private final boolean modbus;
    private final boolean mqttRecords;
    private final boolean anomalies;
    private final boolean flows;
    /** Records are gathered into writes of about BATCH bytes (else one write per record). */
    private final boolean batched;
    private long records;

    private static final int BATCH = 1 << 16;

    /**
     * @param sensor true when nothing is blocked (inspect): a drop or reject rule's alert says
     *               {@code allowed}, as Suricata's IDS mode does; false: {@code blocked}
     */
    public EveWriter(OutputStream out, MqttEveOptions mqttOptions, boolean sensor) {
        this(out, mqttOptions, sensor, null);
    }

    /**
     * @param types the record types to write ({@code alert}, {@code modbus}, {@code mqtt},
     *              {@code anomaly}, {@code flow}), as an eve-log output's {@code types}; null for all
     */
    public EveWriter(OutputStream out, MqttEveOptions mqttOptions, boolean sensor, java.util.Set<String> types) {
        this(out, mqttOptions, sensor, types, false);
    }

    /**
     * @param batched true: records are handed to the stream in writes of about 64 KiB, and the
     *                last ones by {@link #flush} (for a file written in one go, as inspect does);
     *                false: each record in one write as soon as it is complete
     */
    public EveWriter(OutputStream out, MqttEveOptions mqttOptions, boolean sensor, java.util.Set<String> types,
            boolean batched) {
        this.batched = batched;
        this.out = out;
        this.mqtt = new MqttEveWriter(mqttOptions);
        this.sensor = sensor;
        this.alerts = types == null || types.contains("alert");
        this.modbus = types == null || types.contains("modbus");
        this.mqttRecords = types == null || types.contains("mqtt");
        this.anomalies = types == null || types.contains("anomaly");
        this.flows = types == null || types.contains("flow");
    }

    /** Records written. */
    public long records() {
        return records;
    }

    /** Suricata's timestamp format for a time in nanoseconds since the epoch. */
    public static String timestamp(long nanos) {
        JsonLine t = new JsonLine(64);
        t.writeTimestamp(nanos);
        String quoted = t.toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    @Override
    public void alert(PacketMeta p, Flow flow, Rule rule, Object tx) {
        if (!alerts) {
            return;
        }
        boolean now = tx == null || tx instanceof MqttFrame;
        PendingAlert a = now ? immediate : spare.isEmpty() ? new PendingAlert() : spare.poll();
        a.time = p.timeNanos();
        a.number = p.number();
        a.flowId = flow == null ? 0 : flow.id();
        p.sourceAddress(a.src);
        p.destinationAddress(a.dst);
        a.ipv6 = p.ipv6();
        a.sport = p.sourcePort();
        a.dport = p.destinationPort();
        a.proto = p.ipProtocol();
        a.app = flow == null ? null : flow.appName();
        a.rule = rule;
        a.next = null;
        if (now) {
            // A frame alert is logged at once, with the frame it matched (the view is reused after this call).
            write(a, tx);
            a.rule = null;
            return;
        }
        PendingAlert first = pending.get(tx);
        if (first == null) {
            pending.put(tx, a);
        } else {
            PendingAlert last = first;
            while (last.next != null) {
                last = last.next;
            }
            last.next = a;
        }
    }

    @Override
    public void modbusTransaction(PacketMeta p, Flow flow, ModbusTransaction tx) {
        flushAlerts(tx);
        if (!modbus) {
            return;
        }
        start(p, flow, "modbus");
        g.writeNumberProperty("tx_id", tx.id() - 1);
        ModbusEve.write(g, tx);
        end();
    }

    @Override
    public void mqttTransaction(PacketMeta p, Flow flow, MqttTransaction tx) {
        flushAlerts(tx);
        if (!mqttRecords) {
            return;
        }
        start(p, flow, "mqtt");
        g.writeNumberProperty("tx_id", tx.id() - 1);
        mqtt.write(tx, g);
        end();
    }

    @Override
    public void anomaly(PacketMeta p, Flow flow, String app, String event, long txId) {
        if (!anomalies) {
            return;
        }
        start(p, flow, "anomaly");
        g.writeNumberProperty("tx_id", txId - 1);
        g.writeName("anomaly");
        g.writeStartObject();
        g.writeStringProperty("app_proto", app);
        g.writeStringProperty("type", "applayer");
        g.writeStringProperty("event", event);
        g.writeStringProperty("layer", "proto_parser");
        g.writeEndObject();
        end();
    }

    @Override
    public void flowEnded(Flow f, long now) {
        if (!flows) {
            return;
        }
        g.startRecord();
        g.writeStartObject();
        g.writeTimestampProperty("timestamp", f.lastNanos());
        g.writeNumberProperty("flow_id", f.id());
        g.writeStringProperty("event_type", "flow");
        endpoints(f);
        g.writeName("flow");
        g.writeStartObject();
        g.writeNumberProperty("pkts_toserver", f.packets(0));
        g.writeNumberProperty("pkts_toclient", f.packets(1));
        g.writeNumberProperty("bytes_toserver", f.bytes(0));
        g.writeNumberProperty("bytes_toclient", f.bytes(1));
        g.writeTimestampProperty("start", f.startNanos());
        g.writeTimestampProperty("end", f.lastNanos());
        g.writeNumberProperty("age", (f.lastNanos() - f.startNanos()) / 1_000_000_000L);
        g.writeStringProperty("state", f.ipProtocol() == 6 ? "closed" : "new");
        g.writeStringProperty("reason", "shutdown");
        g.writeBooleanProperty("alerted", f.alerted());
        g.writeEndObject();
        end();
    }

    private void flushAlerts(Object tx) {
        PendingAlert a = pending.remove(tx);
        while (a != null) {
            PendingAlert next = a.next;
            write(a, tx);
            release(a);
            a = next;
        }
    }

    private void release(PendingAlert a) {
        a.rule = null;
        a.app = null;
        a.next = null;
        if (spare.size() < 4096) {
            spare.add(a);
        }
    }

    private void write(PendingAlert a, Object tx) {
        g.startRecord();
        g.writeStartObject();
        g.writeTimestampProperty("timestamp", a.time);
        if (a.flowId != 0) {
            g.writeNumberProperty("flow_id", a.flowId);
        }
        g.writeNumberProperty("pcap_cnt", a.number);
        g.writeStringProperty("event_type", "alert");
        g.writeAddressProperty("src_ip", a.src, a.ipv6);
        g.writeNumberProperty("src_port", a.sport);
        g.writeAddressProperty("dest_ip", a.dst, a.ipv6);
        g.writeNumberProperty("dest_port", a.dport);
        g.writeStringProperty("proto", proto(a.proto));
        if (a.app != null) {
            g.writeStringProperty("app_proto", a.app);
        }
        Rule r = a.rule;
        g.writeName("alert");
        g.writeStartObject();
        boolean blocked = !sensor && (r.action() == Action.DROP || r.action() == Action.REJECT);
        g.writeStringProperty("action", blocked ? "blocked" : "allowed");
        g.writeNumberProperty("gid", r.gid());
        g.writeNumberProperty("signature_id", r.sid());
        g.writeNumberProperty("rev", r.rev());
        g.writeStringProperty("signature", r.msg());
        g.writeStringProperty("category", r.classtype().isPresent() ? category(r.classtype().get()) : "");
        g.writeNumberProperty("severity", r.priority());
        g.writeEndObject();
        if (tx instanceof ModbusTransaction m) {
            ModbusEve.write(g, m);
        } else if (tx instanceof MqttTransaction q) {
            mqtt.write(q, g);
        } else if (tx instanceof MqttFrame f) {
            frame(g, f);
        }
        end();
    }

    /**
     * The alert's {@code frame} object, with the fields and order of Suricata's
     * FrameJsonLogOneFrame: type, id, direction, stream_offset, length, then payload (base64),
     * payload_printable and complete when the frame has bytes. MQTT frames carry no tx_id.
     */
    static void frame(JsonLine g, MqttFrame f) {
        g.writeName("frame");
        g.writeStartObject();
        g.writeStringProperty("type", f.type().frameName());
        g.writeNumberProperty("id", f.id());
        g.writeStringProperty("direction", f.direction() == 0 ? "toserver" : "toclient");
        g.writeNumberProperty("stream_offset", f.streamOffset());
        g.writeNumberProperty("length", f.length());
        if (f.available() > 0) {
            byte[] copy = java.util.Arrays.copyOfRange(f.array(), f.offset(), f.offset() + f.available());
            g.writeStringProperty("payload", java.util.Base64.getEncoder().encodeToString(copy));
            StringBuilder printable = new StringBuilder(copy.length);
            for (byte b : copy) {
                int c = b & 0xFF;
                printable.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
            }
            g.writeStringProperty("payload_printable", printable.toString());
            g.writeBooleanProperty("complete", f.complete());
        }
        g.writeEndObject();
    }

    /** Suricata logs the classtype's description from classification.config. */
    private static String category(String classtype) {
        return ClassDescriptions.of(classtype);
    }

    /** Opens a transaction or anomaly record: the common fields, addresses as the flow's client and server. */
    private void start(PacketMeta p, Flow flow, String type) {
        g.startRecord();
        g.writeStartObject();
        g.writeTimestampProperty("timestamp", p.timeNanos());
        if (flow != null) {
            g.writeNumberProperty("flow_id", flow.id());
        }
        g.writeNumberProperty("pcap_cnt", p.number());
        g.writeStringProperty("event_type", type);
        if (flow != null) {
            endpoints(flow);
        }
    }

    private void endpoints(Flow f) {
        f.clientAddress(client);
        f.serverAddress(server);
        g.writeAddressProperty("src_ip", client, f.ipv6());
        g.writeNumberProperty("src_port", f.clientPort());
        g.writeAddressProperty("dest_ip", server, f.ipv6());
        g.writeNumberProperty("dest_port", f.serverPort());
        g.writeStringProperty("proto", proto(f.ipProtocol()));
        if (f.appName() != null) {
            g.writeStringProperty("app_proto", f.appName());
        }
    }

    /** Closes the record, a line of its own, and hands it (or the batch it completes) to the stream. */
    private void end() {
        g.writeEndObject();
        g.writeRaw('\n');
        records++;
        if (!batched || g.length() >= BATCH) {
            drain();
        }
    }

    private void drain() {
        try {
            g.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.reset();
    }

    /**
     * Writes alerts still waiting for their transaction and hands every record to the stream
     * (call at the end, after the protector finished; the stream itself is not flushed).
     */
    public void flush() {
        for (Object tx : new ArrayList<>(pending.keySet())) {
            PendingAlert a = pending.remove(tx);
            while (a != null) {
                PendingAlert next = a.next;
                write(a, null);
                release(a);
                a = next;
            }
        }
        if (g.length() > 0) {
            drain();
        }
    }

    static String proto(int p) {
        return switch (p) {
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 1 -> "ICMP";
            case 58 -> "IPv6-ICMP";
            default -> Integer.toString(p);
        };
    }
}
