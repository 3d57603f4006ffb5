package dev.palisade.ips.modbus;

import static dev.palisade.ips.modbus.ModbusCodes.ERROR_DATA_LENGTH;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_DATA_VALUE;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_EXCEPTION_CODE;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_FUNCTION_CODE;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_PROTOCOL_ID;

import dev.palisade.stream.StreamConsumer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Modbus/TCP engine: frames the two byte streams of each connection into MBAP units, decodes
 * them, pairs each response with its request, raises the anomaly events and hands transactions to
 * a {@link ModbusListener}.
 *
 * <p>Framing follows the MBAP length field exactly as a server does, across calls (a unit split
 * over several calls is gathered in a 260-byte buffer per direction; several units in one call
 * are taken in turn). A length outside 2-254 raises {@link ModbusEvent#INVALID_LENGTH} and the
 * length's bytes are skipped without being kept, so memory per direction stays 260 bytes. Every
 * function code is framed and delivered, whatever its value: an unknown or vendor function (0,
 * 90 for Schneider UMAS) is reported but never stops inspection of the connection.
 *
 * <p>Midstream pickup: a connection {@link #open opened} with {@code midstream} (or one whose
 * data arrives before any {@code open}) may start in the middle of a unit. Until a direction is
 * in step, a call is used only if it starts with a plausible header (protocol id 0, length 2-254,
 * a non-zero function, no exception bit from the client, and, when the call holds more than that
 * unit, a second header with protocol id 0 right after it); other calls are skipped silently
 * ({@link #skippedBytes()}). Responses to requests sent before inspection began cannot be paired:
 * for {@link ModbusSettings#midstreamGraceResponses()} such responses, or until the first
 * response that pairs with a request, they are delivered without
 * {@link ModbusEvent#UNSOLICITED_RESPONSE}.
 *
 * <p>Pairing: a response completes the oldest waiting request with the same transaction id, unit
 * id and function code (exception bit ignored). At most {@link ModbusSettings#maxPendingPerFlow()}
 * requests wait per connection. Unanswered requests are counted for
 * {@link ModbusEvent#FLOODED}: raised on the request that finds the threshold reached, once, and
 * again only after the count fell below it.
 *
 * <p>Memory: sessions and transactions are pooled; in steady state (a polling connection) a PDU
 * allocates nothing. Not thread-safe: one thread owns an instance.
 */
public final class ModbusInspector implements StreamConsumer {

    private static final int HEADER = 6;

    private final ModbusSettings settings;
    private final ModbusListener listener;
    private final Session[] sessions;
    private ModbusTransaction[] freeTx = new ModbusTransaction[16];
    private int freeTxCount;
    private ModbusMessage scratch = new ModbusMessage();

    private long pdus;
    private int transactionsAllocated;
    private long skippedBytes;
    private long evicted;
    private long forgiven;

    /** Per-direction framing state. */
    private static final class Framer {
        final byte[] buffer = new byte[ModbusMessage.MAX_ADU];
        int have;
        int skip;
        boolean inStep;

        void reset(boolean midstream) {
            have = 0;
            skip = 0;
            inStep = !midstream;
        }
    }

    /** Per-connection state. */
    private static final class Session {
        final Framer[] framers = {new Framer(), new Framer()};
        ModbusTransaction[] pending = new ModbusTransaction[4];
        int pendingCount;
        long nextTxId;
        int unanswered;
        boolean floodRaised;
        int graceLeft;
        boolean open;
    }

    /**
     * @param maxFlows flow ids are 0 to maxFlows - 1 (the stream reassembler's capacity)
     */
    public ModbusInspector(int maxFlows, ModbusSettings settings, ModbusListener listener) {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be >= 1, got " + maxFlows);
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sessions = new Session[maxFlows];
    }

    /**
     * Starts inspecting {@code flow}. {@code midstream}: the connection was already running (its
     * handshake was not seen), so the streams may start mid-unit and early responses may answer
     * requests never seen. Opening an open flow closes it first.
     */
    public void open(int flow, boolean midstream) {
        Session s = sessions[flow];
        if (s == null) {
            s = new Session();
            sessions[flow] = s;
        } else if (s.open) {
            close(flow);
        }
        s.open = true;
        s.framers[0].reset(midstream);
        s.framers[1].reset(midstream);
        s.pendingCount = 0;
        s.nextTxId = 0;
        s.unanswered = 0;
        s.floodRaised = false;
        s.graceLeft = midstream ? settings.midstreamGraceResponses() : 0;
    }

    /** Whether {@code flow} is being inspected. */
    public boolean isOpen(int flow) {
        Session s = sessions[flow];
        return s != null && s.open;
    }

    /**
     * Ends inspection of {@code flow}: requests still waiting are completed unanswered, partial
     * units are dropped. Closing a flow that is not open does nothing.
     */
    public void close(int flow) {
        Session s = sessions[flow];
        if (s == null || !s.open) {
            return;
        }
        s.open = false;
        for (int i = 0; i < s.pendingCount; i++) {
            ModbusTransaction tx = s.pending[i];
            s.pending[i] = null;
            finish(tx);
        }
        s.pendingCount = 0;
    }

    /** PDUs decoded so far (all flows). */
    public long pdus() {
        return pdus;
    }

    /** Bytes skipped while looking for a unit boundary on connections picked up midstream. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Requests completed unanswered because too many were waiting on their connection. */
    public long evictedRequests() {
        return evicted;
    }

    /** Responses without a request delivered without the unsolicited-response event, in a midstream grace period. */
    public long forgivenResponses() {
        return forgiven;
    }

    /** Transactions ever allocated (the pool's size): bounded by the flows' waiting requests, not by traffic. */
    public int transactionsAllocated() {
        return transactionsAllocated;
    }

    /** Requests waiting for a response on {@code flow}. */
    public int pendingRequests(int flow) {
        Session s = sessions[flow];
        return s == null || !s.open ? 0 : s.pendingCount;
    }

    @Override
    public void data(int flow, int direction, byte[] buffer, int offset, int length) {
        Session s = sessions[flow];
        if (s == null || !s.open) {
            open(flow, true);
            s = sessions[flow];
        }
        Framer fr = s.framers[direction & 1];
        int dir = direction & 1;
        int at = offset;
        int end = offset + length;
        if (!fr.inStep) {
            if (!plausible(buffer, at, end - at, dir)) {
                skippedBytes += length;
                return;
            }
            fr.inStep = true;
        }
        while (at < end) {
            if (fr.skip > 0) {
                int n = Math.min(fr.skip, end - at);
                fr.skip -= n;
                at += n;
                continue;
            }
            if (fr.have == 0 && end - at >= HEADER) {
                int len = ModbusMessage.u16(buffer, at + 4);
                if (len < ModbusMessage.MIN_LENGTH || len > ModbusMessage.MAX_LENGTH) {
                    badLength(s, flow, dir, buffer, at, len);
                    at += HEADER;
                    continue;
                }
                int total = HEADER + len;
                if (end - at >= total) {
                    unit(s, flow, dir, buffer, at, total);
                    at += total;
                    continue;
                }
            }
            // gather a unit split across calls
            int wanted;
            if (fr.have < HEADER) {
                wanted = HEADER - fr.have;
            } else {
                wanted = HEADER + ModbusMessage.u16(fr.buffer, 4) - fr.have;
            }
            int n = Math.min(wanted, end - at);
            System.arraycopy(buffer, at, fr.buffer, fr.have, n);
            fr.have += n;
            at += n;
            if (fr.have == HEADER) {
                int len = ModbusMessage.u16(fr.buffer, 4);
                if (len < ModbusMessage.MIN_LENGTH || len > ModbusMessage.MAX_LENGTH) {
                    fr.have = 0;
                    badLength(s, flow, dir, fr.buffer, 0, len);
                    continue;
                }
            }
            if (fr.have > HEADER && fr.have == HEADER + ModbusMessage.u16(fr.buffer, 4)) {
                int total = fr.have;
                fr.have = 0;
                unit(s, flow, dir, fr.buffer, 0, total);
            }
        }
    }

    private static boolean plausible(byte[] b, int at, int avail, int dir) {
        if (avail < 8) {
            return false;
        }
        int len = ModbusMessage.u16(b, at + 4);
        int function = b[at + 7] & 0xff;
        if (ModbusMessage.u16(b, at + 2) != 0 || len < ModbusMessage.MIN_LENGTH || len > ModbusMessage.MAX_LENGTH
                || (function & 0x7f) == 0 || dir == 0 && function >= 0x80) {
            return false;
        }
        int next = at + HEADER + len;
        int rest = avail - HEADER - len;
        return rest <= 0 || rest < 4 || ModbusMessage.u16(b, next + 2) == 0;
    }

    private ModbusTransaction acquire(Session s, int flow) {
        ModbusTransaction tx;
        if (freeTxCount > 0) {
            tx = freeTx[--freeTxCount];
        } else {
            tx = new ModbusTransaction();
            transactionsAllocated++;
        }
        tx.reset(flow, ++s.nextTxId);
        return tx;
    }

    private void finish(ModbusTransaction tx) {
        listener.completed(tx);
        if (freeTxCount == freeTx.length) {
            freeTx = Arrays.copyOf(freeTx, freeTx.length * 2);
        }
        freeTx[freeTxCount++] = tx;
    }

    private void badLength(Session s, int flow, int dir, byte[] b, int at, int len) {
        Framer fr = s.framers[dir];
        fr.skip = len;
        ModbusTransaction tx = acquire(s, flow);
        ModbusMessage m = dir == 0 ? tx.request : tx.response;
        m.decodeHeaderOnly(b, at, dir);
        if (dir == 0) {
            tx.hasRequest = true;
        } else {
            tx.hasResponse = true;
        }
        pdus++;
        deliver(tx, eventsOf(m.errors), dir);
        finish(tx);
    }

    private static int eventsOf(int errors) {
        int e = 0;
        if ((errors & ERROR_PROTOCOL_ID) != 0) {
            e |= ModbusEvent.INVALID_PROTOCOL_ID.bit();
        }
        if ((errors & ERROR_DATA_LENGTH) != 0) {
            e |= ModbusEvent.INVALID_LENGTH.bit();
        }
        if ((errors & ERROR_DATA_VALUE) != 0) {
            e |= ModbusEvent.INVALID_VALUE.bit();
        }
        if ((errors & ERROR_FUNCTION_CODE) != 0) {
            e |= ModbusEvent.INVALID_FUNCTION_CODE.bit();
        }
        if ((errors & ERROR_EXCEPTION_CODE) != 0) {
            e |= ModbusEvent.INVALID_EXCEPTION_CODE.bit();
        }
        return e;
    }

    private void deliver(ModbusTransaction tx, int newEvents, int dir) {
        int fresh = newEvents & ~tx.events;
        tx.events |= newEvents;
        while (fresh != 0) {
            int bit = Integer.numberOfTrailingZeros(fresh);
            fresh &= fresh - 1;
            listener.anomaly(tx, ModbusEvent.byOrdinal(bit), dir);
        }
        listener.message(tx, dir);
    }

    private void unit(Session s, int flow, int dir, byte[] b, int at, int total) {
        pdus++;
        if (dir == 0) {
            request(s, flow, b, at, total);
        } else {
            response(s, flow, b, at, total);
        }
    }

    private void request(Session s, int flow, byte[] b, int at, int total) {
        ModbusTransaction tx = acquire(s, flow);
        ModbusMessage m = tx.request;
        m.decode(b, at, total, 0);
        tx.hasRequest = true;
        int events = eventsOf(m.errors);
        if (m.unitId >= 248 && m.unitId <= 254) {
            events |= ModbusEvent.INVALID_UNIT_IDENTIFIER.bit();
        }
        int threshold = settings.requestFloodThreshold();
        if (threshold > 0) {
            if (s.unanswered >= threshold) {
                if (!s.floodRaised) {
                    s.floodRaised = true;
                    events |= ModbusEvent.FLOODED.bit();
                }
            } else {
                s.floodRaised = false;
            }
        }
        if (s.unanswered < Integer.MAX_VALUE) {
            s.unanswered++;
        }
        if (s.pendingCount == settings.maxPendingPerFlow()) {
            ModbusTransaction oldest = s.pending[0];
            System.arraycopy(s.pending, 1, s.pending, 0, s.pendingCount - 1);
            s.pending[--s.pendingCount] = null;
            evicted++;
            finish(oldest);
        }
        if (s.pendingCount == s.pending.length) {
            s.pending = Arrays.copyOf(s.pending, Math.min(s.pending.length * 2, settings.maxPendingPerFlow()));
        }
        s.pending[s.pendingCount++] = tx;
        deliver(tx, events, 0);
    }

    private void response(Session s, int flow, byte[] b, int at, int total) {
        ModbusMessage m = scratch;
        m.decode(b, at, total, 1);
        int events = eventsOf(m.errors);
        ModbusTransaction tx = null;
        for (int i = 0; i < s.pendingCount; i++) {
            ModbusMessage q = s.pending[i].request;
            if (q.transactionId == m.transactionId && q.unitId == m.unitId && q.function() == m.function()) {
                tx = s.pending[i];
                System.arraycopy(s.pending, i + 1, s.pending, i, s.pendingCount - i - 1);
                s.pending[--s.pendingCount] = null;
                break;
            }
        }
        if (tx != null) {
            s.graceLeft = 0;
            if (s.unanswered > 0) {
                s.unanswered--;
            }
            if (mismatch(tx.request, m)) {
                events |= ModbusEvent.VALUE_MISMATCH.bit();
            }
        } else {
            tx = acquire(s, flow);
            if (s.graceLeft > 0) {
                s.graceLeft--;
                forgiven++;
            } else {
                events |= ModbusEvent.UNSOLICITED_RESPONSE.bit();
            }
        }
        scratch = tx.response;
        tx.response = m;
        tx.hasResponse = true;
        deliver(tx, events, 1);
        finish(tx);
    }

    /** Whether a well-formed response contradicts its request (echo differs, wrong amount of data). */
    static boolean mismatch(ModbusMessage q, ModbusMessage r) {
        if (r.kind == ModbusMessage.Kind.EXCEPTION) {
            return false;
        }
        return switch (q.function()) {
            case 1, 2 -> q.kind == ModbusMessage.Kind.READ_REQUEST && r.kind == ModbusMessage.Kind.READ_RESPONSE
                    && r.dataLength != (q.quantity + 7) >>> 3;
            case 3, 4 -> q.kind == ModbusMessage.Kind.READ_REQUEST && r.kind == ModbusMessage.Kind.READ_RESPONSE
                    && r.dataLength != 2 * q.quantity;
            case 23 -> q.kind == ModbusMessage.Kind.READ_WRITE && r.kind == ModbusMessage.Kind.READ_RESPONSE
                    && r.dataLength != 2 * q.readQuantity;
            case 5, 6 -> q.kind == ModbusMessage.Kind.WRITE_SINGLE && r.kind == ModbusMessage.Kind.WRITE_SINGLE
                    && (q.address != r.address || q.value != r.value);
            case 15, 16 -> q.kind == ModbusMessage.Kind.WRITE_MULTIPLE && r.kind == ModbusMessage.Kind.WRITE_SINGLE
                    && (q.address != r.address || q.quantity != r.value);
            case 22 -> q.kind == ModbusMessage.Kind.WRITE_MASK && r.kind == ModbusMessage.Kind.WRITE_MASK
                    && (q.address != r.address || q.andMask != r.andMask || q.orMask != r.orMask);
            case 8 -> q.kind == ModbusMessage.Kind.DIAGNOSTIC && r.kind == ModbusMessage.Kind.DIAGNOSTIC
                    && (q.subfunction != r.subfunction || q.subfunction == 0 && !sameData(q, r));
            case 43 -> q.kind == ModbusMessage.Kind.MEI && r.kind == ModbusMessage.Kind.MEI && q.meiType != r.meiType;
            case 21 -> q.kind == ModbusMessage.Kind.BYTES && r.kind == ModbusMessage.Kind.BYTES && !sameData(q, r);
            default -> false;
        };
    }

    private static boolean sameData(ModbusMessage q, ModbusMessage r) {
        return Arrays.equals(q.bytes, q.dataOffset, q.dataOffset + q.dataLength,
                r.bytes, r.dataOffset, r.dataOffset + r.dataLength);
    }
}
