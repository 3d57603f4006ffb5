package dev.palisade.ips.detect;

import dev.palisade.ips.modbus.ModbusEvent;
import dev.palisade.ips.modbus.ModbusInspector;
import dev.palisade.ips.modbus.ModbusListener;
import dev.palisade.ips.modbus.ModbusTransaction;
import dev.palisade.ips.mqtt.MqttEngine;
import dev.palisade.ips.mqtt.MqttEvent;
import dev.palisade.ips.mqtt.MqttFrames;
import dev.palisade.ips.mqtt.MqttListener;
import dev.palisade.ips.mqtt.MqttMessage;
import dev.palisade.ips.mqtt.MqttSession;
import dev.palisade.ips.mqtt.MqttTransaction;
import dev.palisade.ips.rules.Rule;
import dev.palisade.stream.StreamConsumer;
import dev.palisade.stream.StreamReassembler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Network Protector's per-packet pipeline: decode, follow the flow, run the packet rules,
 * reassemble TCP streams and feed the Modbus or MQTT engine, run the application-layer rules on
 * the engines' transactions, and return one {@link Inspection} per packet.
 *
 * <pre>
 *  frame -&gt; decode (Ethernet/VLAN, SLL, raw; IPv4/IPv6; TCP/UDP)
 *        -&gt; flow table (client/server, established, pass)
 *        -&gt; Matcher.packet (buckets + fast-pattern prefilter)           -&gt; alerts
 *        -&gt; TCP: StreamReassembler -&gt; ModbusInspector | MqttEngine -&gt; Matcher.modbus/mqtt -&gt; alerts
 *                                                                  -&gt; transactions, anomalies
 * </pre>
 *
 * <p>Which flows are Modbus or MQTT (docs/ips.md): a connection to the Modbus port (502) is
 * Modbus if its first bytes pass Suricata's probe (protocol id 0, length 2-254, function 1-127),
 * else it is not inspected at the application layer, as Suricata never parses a connection that
 * starts malformed; a connection to the MQTT port (1883) is MQTT; on other ports a connection is
 * MQTT when the client's first bytes are a CONNECT. Streams are followed from the handshake, or,
 * with {@link ProtectorSettings#midstream()}, from the first data of a connection already
 * running.
 *
 * <p>Rules can be replaced while running ({@link #reload}): flows, streams and engine state are
 * kept. Not thread-safe: one protector per data-plane thread.
 */
public final class Protector {

    private static final int FIN_CLIENT = 1;
    private static final int FIN_SERVER = 2;

    private final ProtectorSettings settings;
    private final ProtectorListener listener;
    private final Matcher matcher;
    private final StreamReassembler reassembler;
    private final ModbusInspector modbus;
    private final MqttEngine mqtt;
    // Recency-ordered: the eldest entry is the flow seen least recently, where idle expiry looks.
    private final FlowTable flows = new FlowTable();
    private final Flow[] bySlot;
    /** Free stream slots, a FIFO ring: slots are reused in the order they were freed. */
    private final int[] freeSlots;
    private int freeHead;
    private int freeCount;
    private final PacketMeta packet = new PacketMeta();
    private final Inspection inspection = new Inspection();
    private final Map<Object, long[]> fired = new IdentityHashMap<>();
    private final ArrayDeque<long[]> firedPool = new ArrayDeque<>();
    private final Matcher.Sink sink = this::matched;
    private final StreamConsumer dispatch = this::stream;
    private final ArrayDeque<Flow> closed = new ArrayDeque<>();
    private long packets;
    private long malformed;
    private long flowsCreated;
    private long flowTableFull;
    private long expired;
    private long streamOverflows;

    public Protector(CompiledRules rules, ProtectorSettings settings, ProtectorListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.matcher = new Matcher(rules);
        int slots = settings.maxFlows();
        this.bySlot = new Flow[slots];
        this.freeSlots = new int[slots];
        for (int i = 0; i < slots; i++) {
            freeSlots[i] = i;
        }
        this.freeCount = slots;
        this.reassembler = new StreamReassembler(slots, StreamReassembler.StreamLimits.DEFAULTS);
        this.modbus = new ModbusInspector(slots, settings.modbus(), new ModbusHooks());
        this.mqtt = new MqttEngine(slots, settings.mqtt(), new MqttHooks());
        mqtt.registerFrames(matcher.inspectsFrames());
    }

    /** Replaces the rules; flows and engine state are kept (a running transaction may alert again once). */
    public void reload(CompiledRules rules) {
        matcher.use(rules);
        mqtt.registerFrames(matcher.inspectsFrames());
        fired.clear();
        firedPool.clear();
    }

    public CompiledRules rules() {
        return matcher.rules();
    }

    public ProtectorSettings settings() {
        return settings;
    }

    /**
     * Inspects one captured frame.
     *
     * @param linkType the pcap link type: 1 Ethernet, 101/228/229 raw IP, 113 Linux cooked, 0 BSD loopback
     */
    public Inspection inspectFrame(byte[] frame, int offset, int length, int linkType, long timeNanos) {
        int l3 = offset;
        int end = offset + length;
        int ethType;
        switch (linkType) {
            case 1 -> {
                if (length < 14) {
                    return bad();
                }
                ethType = u16(frame, offset + 12);
                l3 = offset + 14;
                for (int tags = 0; (ethType == 0x8100 || ethType == 0x88a8) && tags < 2; tags++) {
                    if (end - l3 < 4) {
                        return bad();
                    }
                    ethType = u16(frame, l3 + 2);
                    l3 += 4;
                }
            }
            case 113 -> {
                if (length < 16) {
                    return bad();
                }
                ethType = u16(frame, offset + 14);
                l3 = offset + 16;
            }
            case 0 -> {
                if (length < 4) {
                    return bad();
                }
                ethType = 0;
                l3 = offset + 4;
            }
            default -> {
                ethType = 0;
            }
        }
        if (ethType != 0 && ethType != 0x0800 && ethType != 0x86DD) {
            inspection.reset();
            packets++;
            return inspection;
        }
        return inspectIp(frame, l3, end - l3, timeNanos);
    }

    /** Inspects one IP packet (IPv4 or IPv6) at {@code buf[offset, offset + length)}. */
    public Inspection inspectIp(byte[] buf, int offset, int length, long timeNanos) {
        inspection.reset();
        packets++;
        PacketMeta p = packet;
        p.number = packets;
        p.timeNanos = timeNanos;
        p.buffer = buf;
        p.flow = null;
        p.toServer = true;
        p.tcpFlags = 0;
        p.sourcePort = 0;
        p.destinationPort = 0;
        if (length < 20) {
            return bad();
        }
        int version = (buf[offset] & 0xF0) >>> 4;
        int l4;
        int end;
        if (version == 4) {
            int ihl = (buf[offset] & 0x0F) * 4;
            int total = u16(buf, offset + 2);
            if (ihl < 20 || total < ihl || total > length) {
                return bad();
            }
            if (p.ipv6) {
                // IPv4 addresses sit in the last four bytes after twelve zeros; only an IPv6 packet disturbs those
                java.util.Arrays.fill(p.source, 0, 12, (byte) 0);
                java.util.Arrays.fill(p.destination, 0, 12, (byte) 0);
                p.ipv6 = false;
            }
            System.arraycopy(buf, offset + 12, p.source, 12, 4);
            System.arraycopy(buf, offset + 16, p.destination, 12, 4);
            p.ipProtocol = buf[offset + 9] & 0xFF;
            l4 = offset + ihl;
            end = offset + total;
            boolean fragment = (u16(buf, offset + 6) & 0x3FFF) != 0;
            if (fragment && (u16(buf, offset + 6) & 0x1FFF) != 0) {
                // A non-first fragment has no transport header: only ip rules see it.
                p.ipProtocol = 0;
            }
        } else if (version == 6) {
            if (length < 40) {
                return bad();
            }
            p.ipv6 = true;
            System.arraycopy(buf, offset + 8, p.source, 0, 16);
            System.arraycopy(buf, offset + 24, p.destination, 0, 16);
            p.ipProtocol = buf[offset + 6] & 0xFF;
            l4 = offset + 40;
            end = Math.min(offset + length, l4 + u16(buf, offset + 4));
        } else {
            return bad();
        }
        p.payloadOffset = l4;
        p.payloadLength = Math.max(0, end - l4);
        if (p.ipProtocol == 6) {
            if (end - l4 < 20) {
                return bad();
            }
            int hl = ((buf[l4 + 12] & 0xF0) >>> 4) * 4;
            if (hl < 20 || l4 + hl > end) {
                return bad();
            }
            p.sourcePort = u16(buf, l4);
            p.destinationPort = u16(buf, l4 + 2);
            p.tcpSequence = (int) u32(buf, l4 + 4);
            p.tcpFlags = buf[l4 + 13] & 0x3F;
            p.payloadOffset = l4 + hl;
            p.payloadLength = end - l4 - hl;
        } else if (p.ipProtocol == 17) {
            if (end - l4 < 8) {
                return bad();
            }
            p.sourcePort = u16(buf, l4);
            p.destinationPort = u16(buf, l4 + 2);
            p.payloadOffset = l4 + 8;
            p.payloadLength = end - l4 - 8;
        }
        Flow f = null;
        if (p.ipProtocol == 6 || p.ipProtocol == 17) {
            f = flow(p);
        }
        boolean passed = f != null && f.passed;
        if (passed) {
            inspection.matched(f.passRule);
        } else if (!matcher.packet(p, sink) && f != null && p.ipProtocol == 6) {
            f.passed = true;
        }
        if (f != null && p.ipProtocol == 6 && !f.closed) {
            tcp(f, p);
        }
        return inspection;
    }

    private Inspection bad() {
        malformed++;
        inspection.malformed = true;
        return inspection;
    }

    private Flow flow(PacketMeta p) {
        retireClosed(p.timeNanos);
        expireIdle(p.timeNanos);
        boolean sourceLow = flows.key(p);
        Flow f = flows.get();
        if (f != null && f.closed && p.ipProtocol == 6 && (p.tcpFlags & 0x12) == 0x02) {
            // a new connection on the same ports: the old one is over
            retire(f);
            f = null;
        }
        if (f == null) {
            if (flows.size() >= settings.maxFlows() && !closed.isEmpty()) {
                retire(closed.peek());
            }
            if (flows.size() >= settings.maxFlows() || freeCount == 0) {
                flowTableFull++;
                return null;
            }
            boolean sourceIsClient = true;
            if (p.ipProtocol == 6) {
                boolean syn = (p.tcpFlags & 0x02) != 0;
                boolean ack = (p.tcpFlags & 0x10) != 0;
                if (syn && ack) {
                    sourceIsClient = false;
                } else if (!syn) {
                    int sp = p.sourcePort;
                    boolean srcIsService = sp == settings.modbusPort() || sp == settings.mqttPort();
                    boolean dstIsService = p.destinationPort == settings.modbusPort() || p.destinationPort == settings.mqttPort();
                    sourceIsClient = !(srcIsService && !dstIsService);
                }
            }
            if (freeCount == 0 && !closed.isEmpty()) {
                retire(closed.peek());
            }
            flowsCreated++;
            long id = mix(flowsCreated);
            f = sourceIsClient
                    ? new Flow(id, p.ipProtocol, p.ipv6, p.source, p.sourcePort, p.destination, p.destinationPort)
                    : new Flow(id, p.ipProtocol, p.ipv6, p.destination, p.destinationPort, p.source, p.sourcePort);
            f.startNanos = p.timeNanos;
            f.slot = takeSlot();
            bySlot[f.slot] = f;
            flows.add(f);
            startFlow(f, p);
        }
        boolean toServer = java.util.Arrays.equals(p.source, f.client) && p.sourcePort == f.clientPort;
        if (toServer && java.util.Arrays.equals(f.client, f.server) && f.clientPort == f.serverPort) {
            toServer = sourceLow;
        }
        p.toServer = toServer;
        p.flow = f;
        int dir = toServer ? 0 : 1;
        f.packets[dir]++;
        f.bytes[dir] += p.payloadLength;
        f.lastNanos = p.timeNanos;
        if (p.ipProtocol == 17 && f.packets[0] > 0 && f.packets[1] > 0) {
            f.established = true;
        }
        return f;
    }

    private void startFlow(Flow f, PacketMeta p) {
        if (p.ipProtocol != 6) {
            return;
        }
        boolean syn = (p.tcpFlags & 0x02) != 0;
        f.midstream = !syn;
        f.streams = syn || settings.midstream();
        if (!f.streams) {
            return;
        }
        if (settings.modbusEnabled() && f.serverPort == settings.modbusPort()) {
            f.app = Flow.App.MODBUS_PROBE;
        } else if (settings.mqttEnabled() && f.serverPort == settings.mqttPort()) {
            f.app = Flow.App.MQTT;
        } else if (settings.mqttEnabled()) {
            f.app = Flow.App.MQTT_PROBE;
        }
        if (f.midstream) {
            f.established = true;
        }
    }

    private void tcp(Flow f, PacketMeta p) {
        int flags = p.tcpFlags;
        int dir = p.toServer ? 0 : 1;
        if (f.app == Flow.App.MQTT && f.slot >= 0) {
            inspectFrames(f, dir, false);
        }
        boolean syn = (flags & 0x02) != 0;
        boolean ack = (flags & 0x10) != 0;
        if (syn && !ack && dir == 0) {
            f.synSeen = true;
            if (f.streams) {
                reassembler.open(f.slot, 0, p.tcpSequence + 1);
            }
        } else if (syn && ack && dir == 1) {
            f.synAckSeen = true;
            if (f.streams) {
                reassembler.open(f.slot, 1, p.tcpSequence + 1);
            }
        } else if (ack && !syn && dir == 0 && f.synAckSeen) {
            f.established = true;
        }
        if (f.streams && p.payloadLength > 0 && f.app != Flow.App.NONE && f.app != Flow.App.FAILED) {
            if (!reassembler.isOpen(f.slot, dir)) {
                reassembler.open(f.slot, dir, p.tcpSequence);
                if (!f.synSeen) {
                    f.established = true;
                }
            }
            int result = reassembler.segment(f.slot, dir, p.tcpSequence, p.buffer, p.payloadOffset, p.payloadLength, dispatch);
            if (result == StreamReassembler.DROPPED_LIMIT) {
                // Not buffered: a gateway must drop the packet, or the inspector would wait for it for ever.
                inspection.streamOverflow = true;
                streamOverflows++;
            }
        }
        if ((flags & 0x04) != 0) {
            f.reset = true;
            end(f, p.timeNanos);
        } else if ((flags & 0x01) != 0) {
            f.finMask |= dir == 0 ? FIN_CLIENT : FIN_SERVER;
            if (f.finMask == (FIN_CLIENT | FIN_SERVER)) {
                end(f, p.timeNanos);
            }
        }
    }

    private void stream(int slot, int direction, byte[] buf, int off, int len) {
        Flow f = bySlot[slot];
        if (f == null) {
            return;
        }
        switch (f.app) {
            case MODBUS_PROBE, MQTT_PROBE -> probe(f, slot, direction, buf, off, len);
            case MODBUS -> modbus.data(slot, direction, buf, off, len);
            case MQTT -> mqtt.data(slot, direction, buf, off, len);
            default -> {
            }
        }
    }

    /**
     * Runs the frame rules on the MQTT frames of {@code f} that are due on this packet of
     * direction {@code dir} (see {@link MqttFrames}: a direction's frames are inspected on its next
     * packet once the peer has sent one), or on all of them when the flow ends ({@code all}).
     */
    private void inspectFrames(Flow f, int dir, boolean all) {
        MqttSession s = mqtt.existing(f.slot);
        MqttFrames frames = s == null ? null : s.frames();
        if (frames == null) {
            return;
        }
        int due = frames.packet(dir);
        for (int k = 0; k < (all ? 2 : 1); k++) {
            int d = dir ^ k;
            int n = all ? frames.pending(d) : due;
            if (n > 0) {
                if (appAllowed(f) && !matcher.mqttFrames(packet, frames, d, n, sink)) {
                    f.passed = true;
                }
                frames.consume(d, n);
            }
        }
    }

    /** Bytes the Modbus probe needs: the MBAP header and the function code. */
    static final int MODBUS_PROBE_BYTES = 8;
    /** Bytes the MQTT probe needs: the shortest CONNECT (MQTT 3.1.1 with an empty client id) is 14 bytes. */
    static final int MQTT_PROBE_BYTES = 14;

    /**
     * Decides whether a flow carries the protocol its port or content suggests. A first segment
     * too short to decide on is kept and the decision waits for more bytes of the same direction:
     * deciding on it would let a client blind the inspection of its whole connection by sending
     * its first request in small pieces.
     */
    private void probe(Flow f, int slot, int direction, byte[] buf, int off, int len) {
        boolean isModbus = f.app == Flow.App.MODBUS_PROBE;
        int needed = isModbus ? MODBUS_PROBE_BYTES : MQTT_PROBE_BYTES;
        if (f.probeHead == null && len >= needed) {
            decide(f, slot, direction, isModbus ? modbusProbe(buf, off, len) : direction == 0 && mqttConnect(buf, off, len),
                    buf, off, len);
            return;
        }
        if (f.probeHead == null) {
            f.probeHead = new byte[needed];
            f.probeDirection = direction;
        } else if (direction != f.probeDirection) {
            // the other side spoke before the first side said enough: what was kept is all there is to judge
            f.app = Flow.App.FAILED;
            f.probeHead = null;
            return;
        }
        int take = Math.min(needed - f.probeLength, len);
        System.arraycopy(buf, off, f.probeHead, f.probeLength, take);
        f.probeLength += take;
        if (f.probeLength < needed) {
            return;
        }
        byte[] head = f.probeHead;
        f.probeHead = null;
        boolean yes = isModbus ? modbusProbe(head, 0, needed) : direction == 0 && mqttConnect(head, 0, needed);
        decide(f, slot, direction, yes, head, 0, needed);
        if (yes && len > take) {
            stream(slot, direction, buf, off + take, len - take);
        }
    }

    private void decide(Flow f, int slot, int direction, boolean yes, byte[] buf, int off, int len) {
        if (!yes) {
            f.app = Flow.App.FAILED;
        } else if (f.app == Flow.App.MODBUS_PROBE) {
            f.app = Flow.App.MODBUS;
            modbus.open(slot, f.midstream);
            modbus.data(slot, direction, buf, off, len);
        } else {
            f.app = Flow.App.MQTT;
            mqtt.data(slot, direction, buf, off, len);
        }
    }

    /** Suricata's Modbus probe: an MBAP header with protocol id 0, a plausible length and a function 1-127. */
    static boolean modbusProbe(byte[] b, int off, int len) {
        if (len < 8) {
            return false;
        }
        int length = u16(b, off + 4);
        int function = b[off + 7] & 0xFF;
        return u16(b, off + 2) == 0 && length >= 2 && length <= 254 && function >= 1 && function <= 127;
    }

    /** An MQTT CONNECT: type 1 with flags 0, then (after the remaining length) "MQTT" or "MQIsdp". */
    static boolean mqttConnect(byte[] b, int off, int len) {
        if (len < 2 || (b[off] & 0xFF) != 0x10) {
            return false;
        }
        int at = off + 1;
        int end = off + len;
        for (int k = 0; k < 4 && at < end; k++) {
            if ((b[at++] & 0x80) == 0) {
                break;
            }
        }
        if (end - at < 6) {
            return false;
        }
        int n = u16(b, at);
        String name = new String(b, at + 2, Math.min(n, end - at - 2), java.nio.charset.StandardCharsets.ISO_8859_1);
        return name.equals("MQTT") || name.equals("MQIsdp");
    }

    private void matched(Rule rule, Object tx) {
        inspection.matched(rule);
        Flow f = packet.flow;
        if (rule.action() == dev.palisade.ips.rules.Action.PASS) {
            if (f != null && f.passRule == null) {
                f.passRule = rule;
            }
            return;
        }
        if (f != null) {
            f.alerted = true;
        }
        listener.alert(packet, f, rule, tx);
    }

    private long[] firedSet(Object tx) {
        long[] s = fired.get(tx);
        if (s == null) {
            s = firedPool.poll();
            if (s == null || s.length != matcher.firedWords()) {
                s = new long[matcher.firedWords()];
            } else {
                java.util.Arrays.fill(s, 0);
            }
            fired.put(tx, s);
        }
        return s;
    }

    private void releaseFired(Object tx) {
        long[] s = fired.remove(tx);
        if (s != null && firedPool.size() < 1024) {
            firedPool.add(s);
        }
    }

    private boolean appAllowed(Flow f) {
        if (f.passed) {
            return false;
        }
        return true;
    }

    /**
     * Ends a connection (FIN both ways, RST): engines complete their open transactions and its
     * stream slot is freed; the flow itself stays, closed, for {@link #CLOSED_KEEP_NANOS} so the
     * last ACKs still count as its packets and do not start a flow of their own.
     */
    private void end(Flow f, long now) {
        if (f.slot < 0) {
            return;
        }
        int slot = f.slot;
        if (f.app == Flow.App.MODBUS) {
            modbus.close(slot);
        } else if (f.app == Flow.App.MQTT) {
            if (packet.flow == f) {
                inspectFrames(f, packet.toServer ? 0 : 1, true);
            }
            mqtt.close(slot);
        }
        reassembler.close(slot);
        bySlot[slot] = null;
        f.slot = -1;
        freeSlots[(freeHead + freeCount) % freeSlots.length] = slot;
        freeCount++;
        f.closed = true;
        f.closedNanos = now;
        closed.add(f);
    }

    /** How long a closed connection is kept (Suricata's closed-flow timeout is of this order). */
    static final long CLOSED_KEEP_NANOS = 10_000_000_000L;

    /** Idle timeout of a flow in its state ({@link ProtectorSettings#timeouts()}). */
    long idleTimeoutNanos(Flow f) {
        return settings.timeouts().nanos(f.ipProtocol, f.established);
    }

    private void expireIdle(long now) {
        for (int i = 0; i < 8 && !flows.isEmpty(); i++) {
            Flow eldest = flows.eldest();
            if (now - eldest.lastNanos <= idleTimeoutNanos(eldest)) {
                return;
            }
            expired++;
            retire(eldest);
        }
    }

    private void retireClosed(long now) {
        while (!closed.isEmpty() && (now - closed.peek().closedNanos > CLOSED_KEEP_NANOS || closed.size() > 4096)) {
            retire(closed.peek());
        }
    }

    private void retire(Flow f) {
        if (!f.closed) {
            end(f, f.lastNanos);
        }
        closed.remove(f);
        if (flows.remove(f)) {
            listener.flowEnded(f, f.lastNanos);
        }
    }

    /** Ends every flow (the end of a capture): open transactions are completed and reported. */
    public void finish() {
        List<Flow> all = flows.inRecencyOrder();
        all.sort((a, b) -> Long.compare(a.startNanos, b.startNanos));
        for (Flow f : all) {
            packet.flow = f;
            retire(f);
        }
    }

    /** Packets inspected. */
    public long packets() {
        return packets;
    }

    /** Frames that could not be decoded. */
    public long malformed() {
        return malformed;
    }

    /** Flows followed now. */
    public int flows() {
        return flows.size();
    }

    /** Packets inspected without flow state because the flow table was full. */
    public long flowTableFull() {
        return flowTableFull;
    }

    /** Flows ended by their idle timeout. */
    public long expiredFlows() {
        return expired;
    }

    /** TCP segments the reassembler could not buffer (the packet should be dropped by a gateway). */
    public long streamOverflows() {
        return streamOverflows;
    }

    /** Rules fully evaluated (after the prefilter). */
    public long rulesEvaluated() {
        return matcher.evaluated();
    }

    /** Modbus PDUs decoded. */
    public long modbusPdus() {
        return modbus.pdus();
    }

    private int takeSlot() {
        int slot = freeSlots[freeHead];
        freeHead = (freeHead + 1) % freeSlots.length;
        freeCount--;
        return slot;
    }

    private static long mix(long n) {
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = z ^ (z >>> 31);
        return z & 0x7_FFFF_FFFF_FFFFL;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private final class ModbusHooks implements ModbusListener {
        @Override
        public void message(ModbusTransaction tx, int direction) {
            Flow f = bySlot[tx.flow()];
            if (f == null || !appAllowed(f)) {
                return;
            }
            if (!matcher.modbus(packet, tx, firedSet(tx), sink) && packet.ipProtocol == 6) {
                f.passed = true;
            }
        }

        @Override
        public void anomaly(ModbusTransaction tx, ModbusEvent event, int direction) {
            listener.anomaly(packet, bySlot[tx.flow()], "modbus", event.ruleName(), tx.id());
        }

        @Override
        public void completed(ModbusTransaction tx) {
            Flow f = bySlot[tx.flow()];
            listener.modbusTransaction(packet, f, tx);
            releaseFired(tx);
        }
    }

    private final class MqttHooks implements MqttListener {
        @Override
        public void message(int flow, MqttTransaction tx, MqttMessage message) {
            Flow f = bySlot[flow];
            if (f == null || !appAllowed(f)) {
                return;
            }
            if (!matcher.mqtt(packet, tx, firedSet(tx), sink)) {
                f.passed = true;
            }
        }

        @Override
        public void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction) {
            Flow f = bySlot[flow];
            listener.anomaly(packet, f, "mqtt", event.eventName(), tx.id());
            if (event == MqttEvent.MALFORMED_TRAFFIC && f != null && appAllowed(f)) {
                matcher.mqtt(packet, tx, firedSet(tx), sink);
            }
        }

        @Override
        public void completed(int flow, MqttTransaction tx) {
            listener.mqttTransaction(packet, bySlot[flow], tx);
            releaseFired(tx);
        }
    }
}
