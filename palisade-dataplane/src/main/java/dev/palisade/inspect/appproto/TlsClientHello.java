package dev.palisade.inspect.appproto;

/**
 * Incremental recogniser of a TLS ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2) that finds
 * whether it offers an HTTP protocol in its ALPN extension (RFC 7301). State lives in
 * {@link #SLOTS} ints of the caller's array; nothing is buffered, so the hello may arrive one byte
 * at a time and span several records.
 *
 * <pre>
 *  record     type 22 | version 0x0301..0x0303 | length (2) 1..16384      (repeated per record)
 *  handshake  type 1 | length (3) | client_version (2) 0x0301..0x0303 | random (32)
 *             | session_id (1 + 0..32) | cipher_suites (2 + even, >= 2) | compression (1 + >= 1)
 *             | [extensions (2) = rest of the hello: { type (2) | length (2) | data }* ]
 *  ALPN (16)  list length (2) = extension length - 2 | { name length (1) >= 1 | name }*
 * </pre>
 *
 * <p>Every length is checked against the length of the structure that contains it before any of
 * its bytes are read, and the extensions must fill the hello exactly; anything else is
 * {@link #FAILED}. Decision: the first ALPN name that is {@code h2}, {@code http/1.1} or
 * {@code http/1.0} gives {@link #HTTP_ALPN}; an ALPN list without any gives {@link #OTHER_ALPN};
 * a hello that ends without ALPN gives {@link #NO_ALPN}. Bytes after the hello are not read.
 */
final class TlsClientHello {

    static final int SLOTS = 10;

    /** Still reading a plausible ClientHello. */
    static final int MORE = 0;
    static final int FAILED = 100;
    static final int HTTP_ALPN = 101;
    static final int OTHER_ALPN = 102;
    static final int NO_ALPN = 103;

    // Slots, relative to the caller's base.
    private static final int ST = 0;      // state below, or a terminal outcome
    private static final int ACC = 1;     // integer field being read
    private static final int NEED = 2;    // bytes left in the current field
    private static final int REC = 3;     // bytes left in the current record; 0 = a record header is next
    private static final int RH = 4;      // record header progress: position << 16 | length so far
    private static final int HS = 5;     // bytes left in the handshake body
    private static final int EXTS = 6;    // bytes left in the extensions block
    private static final int EXT = 7;     // bytes left in the current extension
    private static final int ALPN = 8;    // bytes left in the ALPN protocol list
    private static final int AUX = 9;     // extension type, then ALPN name: candidates | length << 8

    // States, ordered by nesting so that consume() knows which lengths a byte counts against.
    private static final int HS_TYPE = 0;
    private static final int HS_LEN = 1;
    private static final int VERSION = 2;    // from here on: inside the handshake body
    private static final int RANDOM = 3;
    private static final int SID_LEN = 4;
    private static final int SID = 5;
    private static final int CS_LEN = 6;
    private static final int CS = 7;
    private static final int CM_LEN = 8;
    private static final int CM = 9;
    private static final int EXTS_LEN = 10;
    private static final int EXT_TYPE = 11;  // from here on: inside the extensions block
    private static final int EXT_LEN = 12;
    private static final int EXT_BODY = 13;  // from here on: inside one extension
    private static final int ALPN_LEN = 14;
    private static final int NAME_LEN = 15;  // from here on: inside the ALPN list
    private static final int NAME = 16;

    private static final int RECORD_HANDSHAKE = 22;
    private static final int MAX_RECORD = 1 << 14;
    private static final int MIN_HELLO = 2 + 32 + 1 + 2 + 2 + 1 + 1;
    private static final int EXTENSION_ALPN = 16;

    // ALPN identifiers that mean HTTP (IANA registry of RFC 7301); bit i of the candidate mask is
    // HTTP_NAMES[i]. "h3" is deliberately absent: HTTP/3 runs over QUIC, never in a TCP stream.
    private static final byte[][] HTTP_NAMES = {
        {'h', '2'},
        {'h', 't', 't', 'p', '/', '1', '.', '1'},
        {'h', 't', 't', 'p', '/', '1', '.', '0'},
    };

    private TlsClientHello() {
    }

    static int outcome(int[] s, int b) {
        int st = s[b + ST];
        return st >= FAILED ? st : MORE;
    }

    /** Feeds bytes {@code [off, end)} of the client's stream; returns the outcome so far. */
    static int feed(int[] s, int b, byte[] buf, int off, int end) {
        int i = off;
        while (i < end && s[b + ST] < FAILED) {
            if (s[b + REC] == 0) {
                recordHeaderByte(s, b, buf[i++] & 0xFF);
                continue;
            }
            int n = Math.min(end - i, s[b + REC]);
            int used = handshake(s, b, buf, i, i + n);
            s[b + REC] -= used;
            i += used;
        }
        return outcome(s, b);
    }

    private static void recordHeaderByte(int[] s, int b, int v) {
        int rh = s[b + RH];
        int pos = rh >>> 16;
        int acc = rh & 0xFFFF;
        switch (pos) {
            case 0 -> {
                if (v != RECORD_HANDSHAKE) {
                    s[b + ST] = FAILED;
                }
            }
            case 1 -> {
                if (v != 3) {
                    s[b + ST] = FAILED;
                }
            }
            case 2 -> {
                if (v < 1 || v > 3) {
                    s[b + ST] = FAILED;
                }
            }
            case 3 -> acc = v;
            default -> {
                int length = acc << 8 | v;
                if (length == 0 || length > MAX_RECORD) {
                    s[b + ST] = FAILED;
                }
                s[b + REC] = length;
                s[b + RH] = 0;
                if (s[b + ST] == HS_TYPE && s[b + NEED] == 0) {
                    s[b + NEED] = 1;   // the first record: the handshake type byte comes next
                }
                return;
            }
        }
        s[b + RH] = (pos + 1) << 16 | acc;
    }

    /** Consumes handshake bytes {@code [i, end)} (all inside the current record); returns how many. */
    private static int handshake(int[] s, int b, byte[] buf, int start, int end) {
        int i = start;
        while (i < end) {
            int st = s[b + ST];
            if (st >= FAILED) {
                break;
            }
            switch (st) {
                case RANDOM, SID, CS, CM, EXT_BODY -> {
                    int k = Math.min(s[b + NEED], end - i);
                    consume(s, b, st, k);
                    i += k;
                    if ((s[b + NEED] -= k) == 0) {
                        complete(s, b, st);
                    }
                }
                case NAME -> {
                    int aux = s[b + AUX];
                    int length = aux >>> 8;
                    int index = length - s[b + NEED];
                    int candidates = aux & 0xFF;
                    int v = buf[i++];
                    for (int c = 0; c < HTTP_NAMES.length; c++) {
                        if ((candidates & 1 << c) != 0 && HTTP_NAMES[c][index] != v) {
                            candidates &= ~(1 << c);
                        }
                    }
                    s[b + AUX] = length << 8 | candidates;
                    consume(s, b, st, 1);
                    if (--s[b + NEED] == 0) {
                        complete(s, b, st);
                    }
                }
                default -> {
                    s[b + ACC] = s[b + ACC] << 8 | buf[i++] & 0xFF;
                    consume(s, b, st, 1);
                    if (--s[b + NEED] == 0) {
                        complete(s, b, st);
                    }
                }
            }
        }
        return i - start;
    }

    /** Counts k bytes read in state st against every length that encloses that state. */
    private static void consume(int[] s, int b, int st, int k) {
        if (st >= VERSION) {
            s[b + HS] -= k;
        }
        if (st >= EXT_TYPE) {
            s[b + EXTS] -= k;
        }
        if (st >= EXT_BODY) {
            s[b + EXT] -= k;
        }
        if (st >= NAME_LEN) {
            s[b + ALPN] -= k;
        }
    }

    /** Starts a field of {@code size} bytes in state st, if the enclosing structure holds it. */
    private static void enter(int[] s, int b, int st, int size) {
        int room;
        if (st >= NAME_LEN) {
            room = s[b + ALPN];
        } else if (st >= EXT_BODY) {
            room = s[b + EXT];
        } else if (st >= EXT_TYPE) {
            room = s[b + EXTS];
        } else if (st >= VERSION) {
            room = s[b + HS];
        } else {
            room = Integer.MAX_VALUE;
        }
        if (size > room) {
            s[b + ST] = FAILED;
            return;
        }
        s[b + ST] = st;
        s[b + ACC] = 0;
        s[b + NEED] = size;
        if (size == 0) {
            complete(s, b, st);
        }
    }

    /** The field of state st is read whole: check it and move to the next one. */
    private static void complete(int[] s, int b, int st) {
        int v = s[b + ACC];
        switch (st) {
            case HS_TYPE -> {
                if (v == 1) {
                    enter(s, b, HS_LEN, 3);
                } else {
                    s[b + ST] = FAILED;
                }
            }
            case HS_LEN -> {
                if (v < MIN_HELLO) {
                    s[b + ST] = FAILED;
                } else {
                    s[b + HS] = v;
                    enter(s, b, VERSION, 2);
                }
            }
            case VERSION -> {
                if (v < 0x0301 || v > 0x0303) {
                    s[b + ST] = FAILED;
                } else {
                    enter(s, b, RANDOM, 32);
                }
            }
            case RANDOM -> enter(s, b, SID_LEN, 1);
            case SID_LEN -> {
                if (v > 32) {
                    s[b + ST] = FAILED;
                } else {
                    enter(s, b, SID, v);
                }
            }
            case SID -> enter(s, b, CS_LEN, 2);
            case CS_LEN -> {
                if (v < 2 || (v & 1) != 0) {
                    s[b + ST] = FAILED;
                } else {
                    enter(s, b, CS, v);
                }
            }
            case CS -> enter(s, b, CM_LEN, 1);
            case CM_LEN -> {
                if (v < 1) {
                    s[b + ST] = FAILED;
                } else {
                    enter(s, b, CM, v);
                }
            }
            case CM -> {
                if (s[b + HS] == 0) {
                    s[b + ST] = NO_ALPN;   // a hello without extensions (TLS 1.2 and older allow it)
                } else {
                    enter(s, b, EXTS_LEN, 2);
                }
            }
            case EXTS_LEN -> {
                if (v != s[b + HS]) {
                    s[b + ST] = FAILED;    // the extensions must fill the rest of the hello exactly
                } else {
                    s[b + EXTS] = v;
                    endOfExtension(s, b);
                }
            }
            case EXT_TYPE -> {
                s[b + AUX] = v;
                enter(s, b, EXT_LEN, 2);
            }
            case EXT_LEN -> {
                s[b + EXT] = v;
                if (v > s[b + EXTS]) {
                    s[b + ST] = FAILED;
                } else if (s[b + AUX] == EXTENSION_ALPN) {
                    enter(s, b, ALPN_LEN, 2);
                } else {
                    enter(s, b, EXT_BODY, v);
                }
            }
            case EXT_BODY -> endOfExtension(s, b);
            case ALPN_LEN -> {
                if (v < 2 || v != s[b + EXT]) {
                    s[b + ST] = FAILED;    // RFC 7301: a non-empty list that fills the extension
                } else {
                    s[b + ALPN] = v;
                    enter(s, b, NAME_LEN, 1);
                }
            }
            case NAME_LEN -> {
                if (v < 1) {
                    s[b + ST] = FAILED;
                } else {
                    int candidates = 0;
                    for (int c = 0; c < HTTP_NAMES.length; c++) {
                        if (HTTP_NAMES[c].length == v) {
                            candidates |= 1 << c;
                        }
                    }
                    s[b + AUX] = v << 8 | candidates;
                    enter(s, b, NAME, v);
                }
            }
            case NAME -> {
                if ((s[b + AUX] & 0xFF) != 0) {
                    s[b + ST] = HTTP_ALPN;
                } else if (s[b + ALPN] == 0) {
                    s[b + ST] = OTHER_ALPN;
                } else {
                    enter(s, b, NAME_LEN, 1);
                }
            }
            default -> throw new IllegalStateException("TLS state " + st);
        }
    }

    private static void endOfExtension(int[] s, int b) {
        if (s[b + EXTS] == 0) {
            s[b + ST] = NO_ALPN;
        } else {
            enter(s, b, EXT_TYPE, 2);
        }
    }
}
