package dev.palisade.inspect.appproto;

/**
 * Incremental recogniser of Modbus/TCP application data units (Modbus Messaging on TCP/IP
 * Implementation Guide v1.0b §3.1.3; Modbus Application Protocol v1.1b3 §6) at the start of one
 * direction of a flow: requests from the client, responses from the server.
 *
 * <pre>
 *  MBAP  transaction id (2) | protocol id (2) = 0 | length (2) = 1 + PDU length, 2..254 | unit id (1)
 *  PDU   function code (1) | data, whose layout and length the function code fixes
 * </pre>
 *
 * <p>An MBAP header alone is weak evidence (seven bytes, two of them zero), so each PDU is also
 * checked against its function code: a public code (1-8, 11, 12, 15-17, 20-24, 43, or an
 * exception response {@code code | 0x80} with a defined exception code), the exact PDU length
 * that code implies, and quantities and byte counts within the specification's limits. Only the
 * first {@link #PDU_HEAD} bytes of a PDU are kept, in the caller's byte array; the rest is
 * skipped. The caller decides from {@link #count} and {@link #first}: two consecutive valid units
 * in one direction, or a request and a response that agree on transaction id, unit id and
 * function, make a Modbus flow.
 */
final class ModbusAdu {

    static final int SLOTS = 4;
    /** PDU bytes kept per direction for the checks: enough for a Read/Write Multiple request. */
    static final int PDU_HEAD = 10;

    private static final int POS = 0;     // bytes into the current unit
    private static final int HDR = 1;     // transaction id << 16 | length << 8 | unit id
    private static final int COUNT = 2;   // complete valid units; -1 - count once something was invalid
    private static final int FIRST = 3;   // transaction id << 16 | function code << 8 | unit id of the first unit

    private static final int MBAP = 7;
    private static final int MIN_LENGTH = 2;
    private static final int MAX_LENGTH = 254;

    private ModbusAdu() {
    }

    /** Complete valid units seen at the start of the direction, 0..2 (parsing stops at 2). */
    static int count(int[] s, int b) {
        int c = s[b + COUNT];
        return c < 0 ? -1 - c : c;
    }

    /** True while more units may still turn up valid. */
    static boolean alive(int[] s, int b) {
        return s[b + COUNT] >= 0 && s[b + COUNT] < 2;
    }

    /** Transaction id, function code and unit id of the first valid unit (see {@link #FIRST}). */
    static int first(int[] s, int b) {
        return s[b + FIRST];
    }

    /** True when response {@code rsp} answers request {@code req} (both from {@link #first}). */
    static boolean answers(int req, int rsp) {
        int fc = req >>> 8 & 0xFF;
        int answer = rsp >>> 8 & 0xFF;
        return (req & 0xFFFF00FF) == (rsp & 0xFFFF00FF) && (answer == fc || answer == (fc | 0x80));
    }

    /**
     * Feeds bytes {@code [off, end)}; {@code head} at {@code hb} holds {@link #PDU_HEAD} bytes.
     * {@code response} selects the server's layouts.
     */
    static void feed(int[] s, int b, byte[] head, int hb, boolean response, byte[] buf, int off, int end) {
        int i = off;
        while (i < end && alive(s, b)) {
            int pos = s[b + POS];
            if (pos < MBAP) {
                int v = buf[i++] & 0xFF;
                int hdr = s[b + HDR];
                switch (pos) {
                    case 0 -> hdr = v << 24;
                    case 1 -> hdr |= v << 16;
                    case 2, 3, 4 -> {
                        if (v != 0) {              // protocol id 0; length high byte 0 (length <= 254)
                            fail(s, b);
                            return;
                        }
                    }
                    case 5 -> {
                        if (v < MIN_LENGTH || v > MAX_LENGTH) {
                            fail(s, b);
                            return;
                        }
                        hdr |= v << 8;
                    }
                    default -> hdr |= v;
                }
                s[b + HDR] = hdr;
                s[b + POS] = pos + 1;
                continue;
            }
            int pduLength = (s[b + HDR] >>> 8 & 0xFF) - 1;
            int index = pos - MBAP;
            int kept = Math.min(pduLength, PDU_HEAD);
            if (index < kept) {
                head[hb + index] = buf[i++];
                index++;
                if (index == kept && !(response ? validResponse(head, hb, pduLength) : validRequest(head, hb, pduLength))) {
                    fail(s, b);
                    return;
                }
            } else {
                int k = Math.min(pduLength - index, end - i);
                i += k;
                index += k;
            }
            s[b + POS] = MBAP + index;
            if (index == pduLength) {
                unitComplete(s, b, head[hb] & 0xFF);
            }
        }
    }

    private static void unitComplete(int[] s, int b, int functionCode) {
        int hdr = s[b + HDR];
        if (s[b + COUNT] == 0) {
            s[b + FIRST] = (hdr & 0xFFFF0000) | functionCode << 8 | hdr & 0xFF;
        }
        s[b + COUNT]++;
        s[b + POS] = 0;
    }

    private static void fail(int[] s, int b) {
        s[b + COUNT] = -1 - s[b + COUNT];
    }

    private static int u16(byte[] h, int at) {
        return (h[at] & 0xFF) << 8 | h[at + 1] & 0xFF;
    }

    /** Checks a request PDU of {@code n} bytes whose first bytes are in {@code h} at {@code p}. */
    static boolean validRequest(byte[] h, int p, int n) {
        int fc = h[p] & 0xFF;
        return switch (fc) {
            case 1, 2 -> n == 5 && between(u16(h, p + 3), 1, 2000);       // read coils / discrete inputs
            case 3, 4 -> n == 5 && between(u16(h, p + 3), 1, 125);        // read holding / input registers
            case 5 -> n == 5 && (u16(h, p + 3) == 0xFF00 || u16(h, p + 3) == 0);  // write single coil
            case 6 -> n == 5;                                             // write single register
            case 7, 11, 12, 17 -> n == 1;                                 // status and counters, no data
            case 8 -> n >= 3;                                             // diagnostics: sub-function + data
            case 15 -> n >= 7 && between(u16(h, p + 3), 1, 1968)          // write multiple coils
                    && (h[p + 5] & 0xFF) == (u16(h, p + 3) + 7) / 8 && n == 6 + (h[p + 5] & 0xFF);
            case 16 -> n >= 8 && between(u16(h, p + 3), 1, 123)           // write multiple registers
                    && (h[p + 5] & 0xFF) == 2 * u16(h, p + 3) && n == 6 + (h[p + 5] & 0xFF);
            case 20 -> n >= 2 && between(h[p + 1] & 0xFF, 7, 0xF5)        // read file record: 7-byte sub-requests
                    && (h[p + 1] & 0xFF) % 7 == 0 && n == 2 + (h[p + 1] & 0xFF);
            case 21 -> n >= 2 && between(h[p + 1] & 0xFF, 9, 0xFB) && n == 2 + (h[p + 1] & 0xFF);
            case 22 -> n == 7;                                            // mask write register
            case 23 -> n >= 11 && between(u16(h, p + 3), 1, 125)          // read/write multiple registers
                    && between(u16(h, p + 7), 1, 121)
                    && (h[p + 9] & 0xFF) == 2 * u16(h, p + 7) && n == 10 + (h[p + 9] & 0xFF);
            case 24 -> n == 3;                                            // read FIFO queue
            case 43 -> n >= 2 && ((h[p + 1] & 0xFF) == 13                 // encapsulated interface
                    || (h[p + 1] & 0xFF) == 14 && n == 4 && between(h[p + 2] & 0xFF, 1, 4));
            default -> false;
        };
    }

    /** Checks a response PDU of {@code n} bytes whose first bytes are in {@code h} at {@code p}. */
    static boolean validResponse(byte[] h, int p, int n) {
        int fc = h[p] & 0xFF;
        if ((fc & 0x80) != 0) {
            // Exception response: a public function code and a defined exception code (1-6, 8, 10, 11).
            int e = n >= 2 ? h[p + 1] & 0xFF : 0;
            return n == 2 && publicCode(fc & 0x7F) && (between(e, 1, 6) || e == 8 || e == 10 || e == 11);
        }
        int count = n >= 2 ? h[p + 1] & 0xFF : -1;
        return switch (fc) {
            case 1, 2 -> count >= 1 && n == 2 + count;
            case 3, 4, 23 -> count >= 2 && (count & 1) == 0 && n == 2 + count;
            case 5, 6, 11 -> n == 5;
            case 15 -> n == 5 && between(u16(h, p + 3), 1, 1968);
            case 16 -> n == 5 && between(u16(h, p + 3), 1, 123);
            case 7 -> n == 2;
            case 8 -> n >= 3;
            case 12 -> count >= 6 && n == 2 + count;
            case 17, 20, 21 -> count >= 1 && n == 2 + count;
            case 22 -> n == 7;
            case 24 -> n >= 5 && u16(h, p + 1) == n - 3 && u16(h, p + 3) <= 31 && u16(h, p + 1) == 2 + 2 * u16(h, p + 3);
            case 43 -> n >= 2 && ((h[p + 1] & 0xFF) == 13 || (h[p + 1] & 0xFF) == 14);
            default -> false;
        };
    }

    private static boolean publicCode(int fc) {
        return between(fc, 1, 8) || fc == 11 || fc == 12 || between(fc, 15, 17) || between(fc, 20, 24) || fc == 43;
    }

    private static boolean between(int v, int low, int high) {
        return v >= low && v <= high;
    }
}
