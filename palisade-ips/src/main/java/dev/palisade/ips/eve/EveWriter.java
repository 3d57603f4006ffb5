package dev.palisade.ips.eve;

import dev.palisade.ips.detect.Flow;
import dev.palisade.ips.detect.PacketMeta;
import dev.palisade.ips.detect.ProtectorListener;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

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
 * that matched. Not thread-safe; the caller closes the stream.
 */
public final class EveWriter implements ProtectorListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+0000'")
            .withZone(ZoneOffset.UTC);

    private record PendingAlert(long time, long number, long flowId, String src, int sport, String dst, int dport,
            String proto, String app, Rule rule) {
    }

    private final OutputStream out;
    private final JsonFactory factory;
    private final MqttEveWriter mqtt;
    private final boolean sensor;
    private final Map<Object, List<PendingAlert>> pending = new IdentityHashMap<>();
    private final java.util.Set<String> types;
    private long records;

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
        this.types = types == null ? null : java.util.Set.copyOf(types);
        this.out = out;
        this.factory = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build();
        this.mqtt = new MqttEveWriter(mqttOptions);
        this.sensor = sensor;
    }

    /** Records written. */
    public long records() {
        return records;
    }

    /** Suricata's timestamp format for a time in nanoseconds since the epoch. */
    public static String timestamp(long nanos) {
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    @Override
    public void alert(PacketMeta p, Flow flow, Rule rule, Object tx) {
        if (!wanted("alert")) {
            return;
        }
        PendingAlert a = new PendingAlert(p.timeNanos(), p.number(), flow == null ? 0 : flow.id(), p.sourceText(),
                p.sourcePort(), p.destinationText(), p.destinationPort(), proto(p.ipProtocol()),
                flow == null ? null : flow.appName(), rule);
        if (tx instanceof MqttFrame frame) {
            // A frame alert is logged at once, with the frame it matched (the view is reused after this call).
            write(a, frame);
        } else if (tx != null) {
            pending.computeIfAbsent(tx, k -> new ArrayList<>()).add(a);
        } else {
            write(a, null);
        }
    }

    @Override
    public void modbusTransaction(PacketMeta p, Flow flow, ModbusTransaction tx) {
        flushAlerts(tx);
        if (!wanted("modbus")) {
            return;
        }
        record(p, flow, "modbus", g -> {
            g.writeNumberProperty("tx_id", tx.id() - 1);
            ModbusEve.write(g, tx);
        });
    }

    @Override
    public void mqttTransaction(PacketMeta p, Flow flow, MqttTransaction tx) {
        flushAlerts(tx);
        if (!wanted("mqtt")) {
            return;
        }
        record(p, flow, "mqtt", g -> {
            g.writeNumberProperty("tx_id", tx.id() - 1);
            mqtt.write(tx, g);
        });
    }

    @Override
    public void anomaly(PacketMeta p, Flow flow, String app, String event, long txId) {
        if (!wanted("anomaly")) {
            return;
        }
        record(p, flow, "anomaly", g -> {
            g.writeNumberProperty("tx_id", txId - 1);
            g.writeName("anomaly");
            g.writeStartObject();
            g.writeStringProperty("app_proto", app);
            g.writeStringProperty("type", "applayer");
            g.writeStringProperty("event", event);
            g.writeStringProperty("layer", "proto_parser");
            g.writeEndObject();
        });
    }

    @Override
    public void flowEnded(Flow f, long now) {
        if (!wanted("flow")) {
            return;
        }
        line(g -> {
            g.writeStartObject();
            g.writeStringProperty("timestamp", timestamp(f.lastNanos()));
            g.writeNumberProperty("flow_id", f.id());
            g.writeStringProperty("event_type", "flow");
            g.writeStringProperty("src_ip", f.clientText());
            g.writeNumberProperty("src_port", f.clientPort());
            g.writeStringProperty("dest_ip", f.serverText());
            g.writeNumberProperty("dest_port", f.serverPort());
            g.writeStringProperty("proto", proto(f.ipProtocol()));
            if (f.appName() != null) {
                g.writeStringProperty("app_proto", f.appName());
            }
            g.writeName("flow");
            g.writeStartObject();
            g.writeNumberProperty("pkts_toserver", f.packets(0));
            g.writeNumberProperty("pkts_toclient", f.packets(1));
            g.writeNumberProperty("bytes_toserver", f.bytes(0));
            g.writeNumberProperty("bytes_toclient", f.bytes(1));
            g.writeStringProperty("start", timestamp(f.startNanos()));
            g.writeStringProperty("end", timestamp(f.lastNanos()));
            g.writeNumberProperty("age", (f.lastNanos() - f.startNanos()) / 1_000_000_000L);
            g.writeStringProperty("state", f.ipProtocol() == 6 ? "closed" : "new");
            g.writeStringProperty("reason", "shutdown");
            g.writeBooleanProperty("alerted", f.alerted());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private boolean wanted(String type) {
        return types == null || types.contains(type);
    }

    private void flushAlerts(Object tx) {
        List<PendingAlert> list = pending.remove(tx);
        if (list != null) {
            for (PendingAlert a : list) {
                write(a, tx);
            }
        }
    }

    private void write(PendingAlert a, Object tx) {
        line(g -> {
            g.writeStartObject();
            g.writeStringProperty("timestamp", timestamp(a.time));
            if (a.flowId != 0) {
                g.writeNumberProperty("flow_id", a.flowId);
            }
            g.writeNumberProperty("pcap_cnt", a.number);
            g.writeStringProperty("event_type", "alert");
            g.writeStringProperty("src_ip", a.src);
            g.writeNumberProperty("src_port", a.sport);
            g.writeStringProperty("dest_ip", a.dst);
            g.writeNumberProperty("dest_port", a.dport);
            g.writeStringProperty("proto", a.proto);
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
            g.writeStringProperty("category", r.classtype().map(EveWriter::category).orElse(""));
            g.writeNumberProperty("severity", r.priority());
            g.writeEndObject();
            if (tx instanceof ModbusTransaction m) {
                ModbusEve.write(g, m);
            } else if (tx instanceof MqttTransaction q) {
                mqtt.write(q, g);
            } else if (tx instanceof MqttFrame f) {
                frame(g, f);
            }
            g.writeEndObject();
        });
    }

    /**
     * The alert's {@code frame} object, with the fields and order of Suricata's
     * FrameJsonLogOneFrame: type, id, direction, stream_offset, length, then payload (base64),
     * payload_printable and complete when the frame has bytes. MQTT frames carry no tx_id.
     */
    static void frame(JsonGenerator g, MqttFrame f) {
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

    private interface Body {
        void write(JsonGenerator g);
    }

    private void record(PacketMeta p, Flow flow, String type, Body body) {
        line(g -> {
            g.writeStartObject();
            g.writeStringProperty("timestamp", timestamp(p.timeNanos()));
            if (flow != null) {
                g.writeNumberProperty("flow_id", flow.id());
            }
            g.writeNumberProperty("pcap_cnt", p.number());
            g.writeStringProperty("event_type", type);
            if (flow != null) {
                g.writeStringProperty("src_ip", flow.clientText());
                g.writeNumberProperty("src_port", flow.clientPort());
                g.writeStringProperty("dest_ip", flow.serverText());
                g.writeNumberProperty("dest_port", flow.serverPort());
                g.writeStringProperty("proto", proto(flow.ipProtocol()));
                if (flow.appName() != null) {
                    g.writeStringProperty("app_proto", flow.appName());
                }
            }
            body.write(g);
            g.writeEndObject();
        });
    }

    private void line(Body body) {
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), out)) {
            body.write(g);
        }
        try {
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records++;
    }

    /** Writes alerts still waiting for their transaction (call at the end, after the protector finished). */
    public void flush() {
        for (Object tx : new ArrayList<>(pending.keySet())) {
            for (PendingAlert a : pending.remove(tx)) {
                write(a, null);
            }
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
