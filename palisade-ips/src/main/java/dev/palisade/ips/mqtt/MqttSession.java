package dev.palisade.ips.mqtt;

import java.util.Arrays;

/**
 * The MQTT state of one TCP connection: framing of each direction's ordered byte stream into
 * control packets (the variable-length remaining length may straddle calls; several packets may
 * arrive in one call), decoding, and the transaction logic of Suricata 7's {@code MQTTState}
 * (mqtt.rs): the protocol version is learned from CONNECT (until then MQTT 3.1.1 rules apply, which
 * is also how a connection picked up midstream is read), acknowledgements are matched to their
 * request by packet id, and the anomaly events are raised where Suricata raises them.
 *
 * <p>Memory is bounded: at most {@code maxMessageLength + 5} buffered bytes per direction (a longer
 * packet is skipped, not buffered, and reported truncated), at most {@code maxTransactions} open
 * transactions, and small pools of recycled transactions and messages, so a steady stream of
 * packets allocates nothing. A malformed packet raises {@link MqttEvent#MALFORMED_TRAFFIC} and ends
 * inspection of the connection, as in Suricata. Single-threaded: one thread owns a session.
 */
public final class MqttSession {

    private static final int POOL = 16;
    private static final int KEEP_BODY = 4096;
    private static final int KEEP_PENDING = 65536;

    private final int flow;
    private final MqttLimits limits;
    private final MqttListener listener;

    private int protocolVersion;
    private boolean connected;
    private boolean failed;
    private long nextTxId;

    private MqttTransaction[] open = new MqttTransaction[8];
    private int openCount;

    private final MqttTransaction[] txPool = new MqttTransaction[POOL];
    private int txPoolCount;
    private final MqttMessage[] msgPool = new MqttMessage[POOL];
    private int msgPoolCount;

    private final byte[][] pending = {new byte[0], new byte[0]};
    private final int[] pendingLength = new int[2];
    private final long[] skip = new long[2];

    private long malformedCount;

    // Frames (null unless a rule inspects them): stream offsets, and the slice a frame() call reads.
    private MqttFrames frames;
    private final long[] received = new long[2];
    private final long[] pendingStart = new long[2];
    private long cursorBase;
    private int sliceStart;

    public MqttSession(int flow, MqttLimits limits, MqttListener listener) {
        this.flow = flow;
        this.limits = limits;
        this.listener = listener;
    }

    /**
     * Turns frame registration on (pdu, header and data frames of each packet, kept for
     * inspection in {@link #frames()}) or off (nothing is registered nor copied).
     */
    public void registerFrames(boolean on) {
        frames = on ? (frames == null ? new MqttFrames() : frames) : null;
    }

    /** The frames waiting for inspection, or null when frame registration is off. */
    public MqttFrames frames() {
        return frames;
    }

    /** The protocol version of the last CONNECT (3, 4 or 5), 0 when none was seen. */
    public int protocolVersion() {
        return protocolVersion;
    }

    /** Whether a CONNECT was accepted by a CONNACK. */
    public boolean connected() {
        return connected;
    }

    /** Whether a malformed packet stopped inspection of this connection. */
    public boolean failed() {
        return failed;
    }

    /** Open transactions (waiting for an acknowledgement). */
    public int openTransactions() {
        return openCount;
    }

    /** Bytes currently buffered for incomplete packets, both directions. */
    public int bufferedBytes() {
        return pendingLength[0] + pendingLength[1];
    }

    /** Bytes held by this session's buffers (for memory accounting). */
    public long retainedBytes() {
        long n = pending[0].length + pending[1].length + (frames == null ? 0 : frames.retainedBytes());
        for (int i = 0; i < msgPoolCount; i++) {
            n += msgPool[i].body.length;
        }
        for (int i = 0; i < openCount; i++) {
            MqttTransaction tx = open[i];
            for (int j = 0; j < tx.count; j++) {
                n += tx.messages[j].body.length;
            }
        }
        return n;
    }

    /** The next {@code length} bytes of {@code direction} (0 client to server, 1 server to client). */
    public void data(int direction, byte[] buf, int off, int length) {
        int d = direction & 1;
        int end = off + length;
        long base = received[d] - off; // stream offset of buf[0]
        received[d] += length;
        // Suricata's parser slice starts at the first unconsumed byte: here, at this call's first
        // byte (skipped bytes included) unless a partial packet is pending, then at the first byte
        // framed directly after it.
        int sliceFrom = pendingLength[d] == 0 ? off : -1;
        while (off < end && !failed) {
            if (skip[d] > 0) {
                int n = (int) Math.min(skip[d], end - off);
                skip[d] -= n;
                off += n;
            } else if (pendingLength[d] > 0) {
                off += continuePending(d, buf, off, end);
            } else {
                // Suricata places every header and data frame at the start of the parser's slice
                // (mqtt.rs mqtt_hdr_and_data_frames), not at the packet's own start.
                if (sliceFrom < 0) {
                    sliceFrom = off;
                }
                cursorBase = base;
                sliceStart = sliceFrom;
                int used = frame(d, buf, off, end);
                if (used < 0) {
                    return;
                }
                if (used == 0) {
                    pendingStart[d] = base + off;
                    append(d, buf, off, end - off);
                    return;
                }
                off += used;
            }
        }
    }

    /**
     * Ends the connection: open transactions are handed to the listener as completed (Suricata logs
     * them at flow end), buffers are released.
     */
    public void close() {
        for (int i = 0; i < openCount; i++) {
            MqttTransaction tx = open[i];
            open[i] = null;
            listener.completed(flow, tx);
            recycle(tx);
        }
        openCount = 0;
        pending[0] = pending[1] = new byte[0];
        pendingLength[0] = pendingLength[1] = 0;
        skip[0] = skip[1] = 0;
        failed = true;
    }

    /** Adds bytes to the direction's partial packet; returns how many of {@code [off, end)} it took. */
    private int continuePending(int d, byte[] buf, int off, int end) {
        long total = packetLength(pending[d], 0, pendingLength[d]);
        // While the header is incomplete take one byte at a time, so no byte of the next packet is taken.
        int take = total == MqttDecoder.INCOMPLETE ? 1 : (int) Math.min(total - pendingLength[d], end - off);
        append(d, buf, off, take);
        framePendingIfReady(d);
        return take;
    }

    /** Frames the partial packet once it is whole, malformed, or known to be too long to buffer. */
    private void framePendingIfReady(int d) {
        byte[] p = pending[d];
        int n = pendingLength[d];
        if (n < 2) {
            return;
        }
        long v = MqttDecoder.varint(p, 1, n);
        if (v == MqttDecoder.INCOMPLETE) {
            return;
        }
        if (v >= 0 && MqttDecoder.varintValue(v) <= limits.maxMessageLength()
                && n < 1 + MqttDecoder.varintSize(v) + MqttDecoder.varintValue(v)) {
            return;
        }
        pendingLength[d] = 0;
        cursorBase = pendingStart[d];
        sliceStart = 0;
        frame(d, p, 0, n); // uses all n bytes: a whole packet, or the start of a skipped one
        if (pending[d].length > KEEP_PENDING) {
            pending[d] = new byte[0];
        }
    }

    private void append(int d, byte[] buf, int off, int n) {
        int have = pendingLength[d];
        if (have + n > pending[d].length) {
            pending[d] = Arrays.copyOf(pending[d], Math.max(have + n, Math.max(256, pending[d].length * 2)));
        }
        System.arraycopy(buf, off, pending[d], have, n);
        pendingLength[d] = have + n;
    }

    /** Header plus remaining length of the packet at {@code start}, or INCOMPLETE / MALFORMED. */
    private static long packetLength(byte[] b, int start, int end) {
        if (end - start < 2) {
            return MqttDecoder.INCOMPLETE;
        }
        long v = MqttDecoder.varint(b, start + 1, end);
        if (v < 0) {
            return v;
        }
        return 1L + MqttDecoder.varintSize(v) + MqttDecoder.varintValue(v);
    }

    /**
     * Frames and handles the packet at {@code start}; returns the bytes it used, 0 when the packet
     * is incomplete, -1 when it was malformed (the session has failed).
     */
    private int frame(int d, byte[] b, int start, int end) {
        if (end - start < 2) {
            return 0;
        }
        long v = MqttDecoder.varint(b, start + 1, end);
        if (v == MqttDecoder.INCOMPLETE) {
            return 0;
        }
        if (v == MqttDecoder.MALFORMED) {
            malformed(d);
            return -1;
        }
        int header = 1 + MqttDecoder.varintSize(v);
        int remaining = MqttDecoder.varintValue(v);
        int first = b[start] & 0xff;
        if (remaining > limits.maxMessageLength()) {
            long total = (long) header + remaining;
            MqttMessage m = obtainMessage(0);
            setHeader(m, first, remaining, d);
            m.truncated = true;
            m.skippedLength = total;
            if (frames != null) {
                // Suricata registers a truncated packet's pdu frame with length 0, and no header or data frame.
                frames.add(d, MqttFrameType.PDU, cursorBase + start, 0, b, start);
            }
            MqttTransaction tx = newTransaction(m);
            tx.complete = true;
            deliverNew(tx, m);
            long available = end - start;
            if (total <= available) {
                return (int) total;
            }
            skip[d] = total - available;
            return (int) available;
        }
        if (end - start < header + remaining) {
            return 0;
        }
        MqttMessage m = obtainMessage(remaining);
        setHeader(m, first, remaining, d);
        System.arraycopy(b, start + header, m.body, 0, remaining);
        m.bodyLength = remaining;
        if (!MqttDecoder.decode(m, protocolVersion)) {
            releaseMessage(m);
            malformed(d);
            return -1;
        }
        if (frames != null) {
            frames.add(d, MqttFrameType.PDU, cursorBase + start, header + remaining, b, start);
            frames.add(d, MqttFrameType.HEADER, cursorBase + sliceStart, 2, b, sliceStart);
            frames.add(d, MqttFrameType.DATA, cursorBase + sliceStart + 2, remaining, b, sliceStart + 2);
        }
        handle(m);
        return header + remaining;
    }

    private static void setHeader(MqttMessage m, int first, int remaining, int d) {
        m.type = MqttType.of(first >>> 4);
        m.dup = (first & 0x08) != 0;
        m.qos = (first >>> 1) & 0x03;
        m.retain = (first & 0x01) != 0;
        m.remainingLength = remaining;
        m.direction = d;
    }

    private void malformed(int d) {
        failed = true;
        malformedCount++;
        pendingLength[0] = pendingLength[1] = 0;
        MqttTransaction tx = obtainTransaction();
        tx.id = ++nextTxId;
        tx.direction = d;
        tx.protocolVersion = protocolVersion;
        tx.complete = true;
        tx.events = MqttEvent.MALFORMED_TRAFFIC.bit();
        listener.anomaly(flow, tx, MqttEvent.MALFORMED_TRAFFIC, d);
        listener.completed(flow, tx);
        recycle(tx);
    }

    /** Malformed packets seen (0 or 1: the first one ends inspection). */
    public long malformedCount() {
        return malformedCount;
    }

    /** The transaction logic of Suricata's handle_msg. */
    private void handle(MqttMessage m) {
        switch (m.type) {
            case CONNECT -> {
                protocolVersion = m.connectVersion;
                MqttTransaction tx = newTransaction(m);
                tx.packetId = MqttTransaction.CONNECT_PACKET_ID;
                if (connected) {
                    tx.events |= MqttEvent.DOUBLE_CONNECT.bit();
                }
                deliverNew(tx, m);
            }
            case PUBLISH -> {
                MqttTransaction tx = newTransaction(m);
                if (m.qos == 0) {
                    tx.complete = true;
                } else if (m.qos <= 2) {
                    if (m.messageId >= 0) {
                        tx.packetId = m.messageId;
                    } else {
                        tx.events |= MqttEvent.MISSING_MSG_ID.bit(); // unreachable: QoS > 0 always reads an id
                    }
                } else {
                    tx.events |= MqttEvent.INVALID_QOS_LEVEL.bit();
                }
                introduced(tx);
                deliverNew(tx, m);
            }
            case SUBSCRIBE, UNSUBSCRIBE -> {
                MqttTransaction tx = newTransaction(m);
                if (m.qos == 0) {
                    tx.complete = true;
                } else if (m.qos <= 2) {
                    tx.packetId = m.messageId;
                } else {
                    tx.events |= MqttEvent.INVALID_QOS_LEVEL.bit();
                }
                introduced(tx);
                deliverNew(tx, m);
            }
            case CONNACK -> {
                MqttTransaction tx = findOpen(MqttTransaction.CONNECT_PACKET_ID);
                if (tx != null) {
                    connected = true;
                    completeWith(tx, m);
                } else {
                    tx = newTransaction(m);
                    tx.events |= MqttEvent.MISSING_CONNECT.bit();
                    tx.complete = true;
                    deliverNew(tx, m);
                }
            }
            case PUBREC, PUBREL -> {
                MqttTransaction tx = findOpen(m.messageId);
                if (tx != null) {
                    tx.protocolVersion = protocolVersion;
                    if (tx.count >= limits.maxMessagesPerTransaction()) {
                        boolean first = !tx.hasEvent(MqttEvent.TOO_MANY_MESSAGES);
                        tx.events |= MqttEvent.TOO_MANY_MESSAGES.bit();
                        releaseMessage(m);
                        if (first) {
                            listener.anomaly(flow, tx, MqttEvent.TOO_MANY_MESSAGES, m.direction);
                        }
                    } else {
                        tx.add(m);
                        listener.message(flow, tx, m);
                    }
                } else {
                    orphanAck(m, MqttEvent.MISSING_PUBLISH);
                }
            }
            case PUBACK, PUBCOMP -> ack(m, MqttEvent.MISSING_PUBLISH);
            case SUBACK -> ack(m, MqttEvent.MISSING_SUBSCRIBE);
            case UNSUBACK -> ack(m, MqttEvent.MISSING_UNSUBSCRIBE);
            case UNASSIGNED -> {
                MqttTransaction tx = newTransaction(m);
                tx.complete = true;
                tx.events |= MqttEvent.UNASSIGNED_MSG_TYPE.bit();
                deliverNew(tx, m);
            }
            case AUTH, DISCONNECT, PINGREQ, PINGRESP -> {
                MqttTransaction tx = newTransaction(m);
                tx.complete = true;
                introduced(tx);
                deliverNew(tx, m);
            }
        }
    }

    private void introduced(MqttTransaction tx) {
        if (!connected) {
            tx.events |= MqttEvent.UNINTRODUCED_MESSAGE.bit();
        }
    }

    private void ack(MqttMessage m, MqttEvent missing) {
        MqttTransaction tx = findOpen(m.messageId);
        if (tx != null) {
            completeWith(tx, m);
        } else {
            orphanAck(m, missing);
        }
    }

    private void orphanAck(MqttMessage m, MqttEvent missing) {
        MqttTransaction tx = newTransaction(m);
        tx.events |= missing.bit();
        introduced(tx);
        tx.complete = true;
        deliverNew(tx, m);
    }

    private MqttTransaction findOpen(int packetId) {
        if (packetId < 0) {
            return null;
        }
        for (int i = 0; i < openCount; i++) {
            if (open[i].packetId == packetId) {
                return open[i];
            }
        }
        return null;
    }

    private void completeWith(MqttTransaction tx, MqttMessage m) {
        tx.add(m);
        tx.complete = true;
        tx.packetId = -1;
        tx.protocolVersion = protocolVersion;
        removeOpen(tx);
        listener.message(flow, tx, m);
        listener.completed(flow, tx);
        recycle(tx);
    }

    private void removeOpen(MqttTransaction tx) {
        for (int i = 0; i < openCount; i++) {
            if (open[i] == tx) {
                System.arraycopy(open, i + 1, open, i, openCount - i - 1);
                open[--openCount] = null;
                return;
            }
        }
    }

    /** A new transaction holding {@code m}; first closes the oldest open one when at the limit. */
    private MqttTransaction newTransaction(MqttMessage m) {
        if (openCount >= limits.maxTransactions()) {
            MqttTransaction oldest = open[0];
            removeOpen(oldest);
            oldest.complete = true;
            oldest.events |= MqttEvent.TOO_MANY_TRANSACTIONS.bit();
            listener.anomaly(flow, oldest, MqttEvent.TOO_MANY_TRANSACTIONS, m.direction);
            listener.completed(flow, oldest);
            recycle(oldest);
        }
        MqttTransaction tx = obtainTransaction();
        tx.id = ++nextTxId;
        tx.direction = m.direction;
        tx.protocolVersion = protocolVersion;
        tx.add(m);
        return tx;
    }

    /** Hands a new transaction to the listener; keeps it open or recycles it when complete. */
    private void deliverNew(MqttTransaction tx, MqttMessage m) {
        listener.message(flow, tx, m);
        int events = tx.events;
        while (events != 0) {
            int bit = Integer.lowestOneBit(events);
            events &= ~bit;
            listener.anomaly(flow, tx, MqttEvent.ALL[Integer.numberOfTrailingZeros(bit)], m.direction);
        }
        if (tx.complete) {
            listener.completed(flow, tx);
            recycle(tx);
        } else {
            if (openCount == open.length) {
                open = Arrays.copyOf(open, openCount * 2);
            }
            open[openCount++] = tx;
        }
    }

    private MqttTransaction obtainTransaction() {
        return txPoolCount > 0 ? txPool[--txPoolCount] : new MqttTransaction();
    }

    private MqttMessage obtainMessage(int bodyLength) {
        MqttMessage m = msgPoolCount > 0 ? msgPool[--msgPoolCount] : new MqttMessage();
        if (m.body.length < bodyLength) {
            m.body = new byte[Math.max(bodyLength, 64)];
        }
        return m;
    }

    private void releaseMessage(MqttMessage m) {
        m.clear();
        if (m.body.length > KEEP_BODY) {
            m.body = new byte[0];
        }
        if (msgPoolCount < POOL) {
            msgPool[msgPoolCount++] = m;
        }
    }

    private void recycle(MqttTransaction tx) {
        for (int i = 0; i < tx.count; i++) {
            releaseMessage(tx.messages[i]);
        }
        tx.clear();
        if (txPoolCount < POOL) {
            txPool[txPoolCount++] = tx;
        }
    }
}
