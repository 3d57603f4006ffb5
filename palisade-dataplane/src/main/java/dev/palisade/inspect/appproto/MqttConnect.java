package dev.palisade.inspect.appproto;

/**
 * Incremental recogniser of an MQTT CONNECT packet of protocol level 3 (MQTT 3.1), 4 (3.1.1)
 * or 5 (5.0), the first packet every MQTT client sends. State lives in {@link #SLOTS} ints of the
 * caller's array; nothing is buffered.
 *
 * <pre>
 *  fixed header   0x10 | remaining length (varint, 1..4 bytes) >= 12
 *  variable hdr   name length (2) | "MQIsdp" with level 3, or "MQTT" with level 4 or 5
 *                 (bit 7 of the level, set by Mosquitto bridges, is ignored)
 *                 | flags (1): bit 0 reserved = 0, will QoS != 3, no will QoS/retain without will,
 *                   level 4: no password without user name
 *                 | keep alive (2) | level 5: properties (varint length + bytes)
 *  payload        client id (2 + n) | [will: level 5 properties (varint + n), topic (2 + n),
 *                 message (2 + n)] | [user name (2 + n)] | [password (2 + n)]
 * </pre>
 *
 * <p>Every length is checked against what is left of the remaining length before its bytes are
 * read, and the fields must fill the packet exactly: then {@link #CONNECT}. {@link #headerValid}
 * tells whether the fixed and variable headers were all valid, for a CONNECT cut off by the
 * detection bound (a large password or will message).
 */
final class MqttConnect {

    static final int SLOTS = 5;

    static final int MORE = 0;
    static final int FAILED = 100;
    static final int CONNECT = 101;

    private static final int ST = 0;
    private static final int ACC = 1;
    private static final int NEED = 2;   // bytes left in a fixed field; varint: bytes read so far
    private static final int RL = 3;     // bytes left of the remaining length
    private static final int INFO = 4;   // level | name length << 8 | connect flags << 16 | header valid << 24

    // States; RL_VAR reads the fixed header's varint, the others lie inside the packet body.
    private static final int FIXED = 0;
    private static final int RL_VAR = 1;
    private static final int PN_LEN = 2;
    private static final int PN = 3;
    private static final int LEVEL = 4;
    private static final int FLAGS = 5;
    private static final int KEEP_ALIVE = 6;
    private static final int PROPS_LEN = 7;     // varint
    private static final int PROPS = 8;
    private static final int CID_LEN = 9;
    private static final int CID = 10;
    private static final int WPROPS_LEN = 11;   // varint
    private static final int WPROPS = 12;
    private static final int WTOPIC_LEN = 13;
    private static final int WTOPIC = 14;
    private static final int WMSG_LEN = 15;
    private static final int WMSG = 16;
    private static final int USER_LEN = 17;
    private static final int USER = 18;
    private static final int PASS_LEN = 19;
    private static final int PASS = 20;

    private static final int MIN_REMAINING = 12;  // level 4 with an empty client id
    private static final byte[] MQTT = {'M', 'Q', 'T', 'T'};
    private static final byte[] MQISDP = {'M', 'Q', 'I', 's', 'd', 'p'};

    private static final int FLAG_USER = 0x80;
    private static final int FLAG_PASSWORD = 0x40;
    private static final int FLAG_WILL_RETAIN = 0x20;
    private static final int FLAG_WILL_QOS = 0x18;
    private static final int FLAG_WILL = 0x04;
    private static final int FLAG_RESERVED = 0x01;

    private MqttConnect() {
    }

    static int outcome(int[] s, int b) {
        int st = s[b + ST];
        return st >= FAILED ? st : MORE;
    }

    /** True once the fixed and variable headers (through the properties at level 5) were valid. */
    static boolean headerValid(int[] s, int b) {
        return (s[b + INFO] >>> 24) != 0 && s[b + ST] != FAILED;
    }

    static int feed(int[] s, int b, byte[] buf, int off, int end) {
        int i = off;
        while (i < end) {
            int st = s[b + ST];
            if (st >= FAILED) {
                break;
            }
            switch (st) {
                case PROPS, CID, WPROPS, WTOPIC, WMSG, USER, PASS -> {
                    int k = Math.min(s[b + NEED], end - i);
                    s[b + RL] -= k;
                    i += k;
                    if ((s[b + NEED] -= k) == 0) {
                        complete(s, b, st);
                    }
                }
                case RL_VAR, PROPS_LEN, WPROPS_LEN -> {
                    int v = buf[i++] & 0xFF;
                    if (st != RL_VAR && !take(s, b, 1)) {
                        break;
                    }
                    int count = s[b + NEED];
                    s[b + ACC] |= (v & 0x7F) << (7 * count);
                    s[b + NEED] = ++count;
                    if ((v & 0x80) == 0) {
                        complete(s, b, st);
                    } else if (count == 4) {
                        s[b + ST] = FAILED;  // a variable byte integer has at most four bytes
                    }
                }
                case PN -> {
                    int nameLength = s[b + INFO] >>> 8 & 0xFF;
                    int index = nameLength - s[b + NEED];
                    byte[] name = nameLength == MQTT.length ? MQTT : MQISDP;
                    if (buf[i++] != name[index]) {
                        s[b + ST] = FAILED;
                        break;
                    }
                    s[b + RL]--;
                    if (--s[b + NEED] == 0) {
                        complete(s, b, st);
                    }
                }
                case FIXED -> {
                    if (buf[i++] != 0x10) {
                        s[b + ST] = FAILED;
                    } else {
                        enter(s, b, RL_VAR, 0);
                    }
                }
                default -> {
                    s[b + ACC] = s[b + ACC] << 8 | buf[i++] & 0xFF;
                    s[b + RL]--;
                    if (--s[b + NEED] == 0) {
                        complete(s, b, st);
                    }
                }
            }
        }
        return outcome(s, b);
    }

    /** Counts k bytes of the body, failing if the remaining length does not hold them. */
    private static boolean take(int[] s, int b, int k) {
        if (s[b + RL] < k) {
            s[b + ST] = FAILED;
            return false;
        }
        s[b + RL] -= k;
        return true;
    }

    /**
     * Starts state st: a fixed field or skipped body of {@code size} bytes, checked against the
     * remaining length up front; varint states start with size 0 and are checked per byte.
     */
    private static void enter(int[] s, int b, int st, int size) {
        if (st >= PN_LEN && size > s[b + RL]) {
            s[b + ST] = FAILED;
            return;
        }
        s[b + ST] = st;
        s[b + ACC] = 0;
        s[b + NEED] = size;
        if (size == 0 && st != RL_VAR && st != PROPS_LEN && st != WPROPS_LEN) {
            complete(s, b, st);
        }
    }

    private static void complete(int[] s, int b, int st) {
        int v = s[b + ACC];
        int info = s[b + INFO];
        int flags = info >>> 16 & 0xFF;
        switch (st) {
            case RL_VAR -> {
                if (v < MIN_REMAINING) {
                    s[b + ST] = FAILED;
                } else {
                    s[b + RL] = v;
                    enter(s, b, PN_LEN, 2);
                }
            }
            case PN_LEN -> {
                if (v != MQTT.length && v != MQISDP.length) {
                    s[b + ST] = FAILED;
                } else {
                    s[b + INFO] = v << 8;
                    enter(s, b, PN, v);
                }
            }
            case PN -> enter(s, b, LEVEL, 1);
            case LEVEL -> {
                int level = v & 0x7F;
                boolean ok = (info >>> 8 & 0xFF) == MQTT.length ? level == 4 || level == 5 : level == 3;
                if (!ok) {
                    s[b + ST] = FAILED;
                } else {
                    s[b + INFO] = info | level;
                    enter(s, b, FLAGS, 1);
                }
            }
            case FLAGS -> {
                int level = info & 0xFF;
                boolean will = (v & FLAG_WILL) != 0;
                boolean bad = (v & FLAG_RESERVED) != 0
                        || (v & FLAG_WILL_QOS) == FLAG_WILL_QOS
                        || (!will && (v & (FLAG_WILL_QOS | FLAG_WILL_RETAIN)) != 0)
                        || (level == 4 && (v & FLAG_USER) == 0 && (v & FLAG_PASSWORD) != 0);
                if (bad) {
                    s[b + ST] = FAILED;
                } else {
                    s[b + INFO] = info | v << 16;
                    enter(s, b, KEEP_ALIVE, 2);
                }
            }
            case KEEP_ALIVE -> {
                if ((info & 0xFF) == 5) {
                    enter(s, b, PROPS_LEN, 0);
                } else {
                    headerDone(s, b);
                }
            }
            case PROPS_LEN -> enter(s, b, PROPS, v);
            case PROPS -> headerDone(s, b);
            case CID_LEN -> enter(s, b, CID, v);
            case CID -> {
                if ((flags & FLAG_WILL) == 0) {
                    afterWill(s, b, flags);
                } else if ((info & 0xFF) == 5) {
                    enter(s, b, WPROPS_LEN, 0);
                } else {
                    enter(s, b, WTOPIC_LEN, 2);
                }
            }
            case WPROPS_LEN -> enter(s, b, WPROPS, v);
            case WPROPS -> enter(s, b, WTOPIC_LEN, 2);
            case WTOPIC_LEN -> enter(s, b, WTOPIC, v);
            case WTOPIC -> enter(s, b, WMSG_LEN, 2);
            case WMSG_LEN -> enter(s, b, WMSG, v);
            case WMSG -> afterWill(s, b, flags);
            case USER_LEN -> enter(s, b, USER, v);
            case USER -> afterUser(s, b, flags);
            case PASS_LEN -> enter(s, b, PASS, v);
            case PASS -> finish(s, b);
            default -> throw new IllegalStateException("MQTT state " + st);
        }
    }

    private static void headerDone(int[] s, int b) {
        s[b + INFO] |= 1 << 24;
        enter(s, b, CID_LEN, 2);
    }

    private static void afterWill(int[] s, int b, int flags) {
        if ((flags & FLAG_USER) != 0) {
            enter(s, b, USER_LEN, 2);
        } else {
            afterUser(s, b, flags);
        }
    }

    private static void afterUser(int[] s, int b, int flags) {
        if ((flags & FLAG_PASSWORD) != 0) {
            enter(s, b, PASS_LEN, 2);
        } else {
            finish(s, b);
        }
    }

    private static void finish(int[] s, int b) {
        // The payload must fill the packet exactly: a CONNECT with bytes to spare is not one.
        s[b + ST] = s[b + RL] == 0 ? CONNECT : FAILED;
    }
}
