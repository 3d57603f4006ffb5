package dev.palisade.ips.mqtt;

/**
 * Decodes the body of one complete control packet into a {@link MqttMessage}, the way Suricata 7
 * reads it (parser.rs): the session's protocol version decides whether MQTT 5.0 properties and
 * reason codes are present; trailing bytes after the last field are ignored; a field that runs past
 * the body makes the packet malformed. Everything is read in place: the message records offsets.
 */
final class MqttDecoder {

    /** {@link #varint} result: the bytes end before the integer does. */
    static final long INCOMPLETE = -2;
    /** {@link #varint} result: a fourth byte still has the continuation bit. */
    static final long MALFORMED = -1;

    private MqttDecoder() {
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    /**
     * Reads a variable byte integer (at most four bytes) at {@code at}; returns the value in the low
     * 32 bits and the encoded size in the high bits, or {@link #INCOMPLETE} / {@link #MALFORMED}.
     */
    static long varint(byte[] b, int at, int end) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (at + i >= end) {
                return INCOMPLETE;
            }
            int x = b[at + i] & 0xff;
            value |= (x & 0x7f) << (7 * i);
            if ((x & 0x80) == 0) {
                return ((long) (i + 1) << 32) | value;
            }
        }
        return MALFORMED;
    }

    static int varintValue(long packed) {
        return (int) packed;
    }

    static int varintSize(long packed) {
        return (int) (packed >>> 32);
    }

    /** End of a u16-length-prefixed string or binary field at {@code at}, or -1 when it runs past {@code end}. */
    static int lengthPrefixed(byte[] b, int at, int end) {
        if (at + 2 > end) {
            return -1;
        }
        int after = at + 2 + u16(b, at);
        return after <= end ? after : -1;
    }

    /** Position after the value of property {@code id} at {@code at}, or -1 when it runs past {@code end}. */
    static int readProperty(byte[] b, int at, int end, int id) {
        MqttProperty p = MqttProperty.byId(id);
        if (p == null) {
            return at;
        }
        return switch (p.kind()) {
            case BYTE -> at + 1 <= end ? at + 1 : -1;
            case TWO_BYTE -> at + 2 <= end ? at + 2 : -1;
            case FOUR_BYTE -> at + 4 <= end ? at + 4 : -1;
            case VARIABLE -> {
                long v = varint(b, at, end);
                yield v < 0 ? -1 : at + varintSize(v);
            }
            case STRING, BINARY -> lengthPrefixed(b, at, end);
            case STRING_PAIR -> {
                int n = lengthPrefixed(b, at, end);
                yield n < 0 ? -1 : lengthPrefixed(b, n, end);
            }
        };
    }

    /**
     * Reads a property block (length, then properties) at {@code at} into {@code field}; returns
     * the position after it, or -1 when malformed. A zero length leaves the field absent, as
     * Suricata logs no "properties" object then.
     */
    private static int properties(MqttMessage m, MqttField field, int at, int end) {
        byte[] b = m.body;
        long len = varint(b, at, end);
        if (len < 0) {
            return -1;
        }
        int start = at + varintSize(len);
        int blockEnd = start + varintValue(len);
        if (blockEnd > end || blockEnd < start) {
            return -1;
        }
        int pos = start;
        while (pos < blockEnd) {
            long id = varint(b, pos, blockEnd);
            if (id < 0) {
                return -1;
            }
            pos = readProperty(b, pos + varintSize(id), blockEnd, varintValue(id));
            if (pos < 0) {
                return -1;
            }
        }
        if (blockEnd > start) {
            m.setField(field, start, blockEnd - start);
        }
        return blockEnd;
    }

    /** Decodes {@code m.body[0, bodyLength)} of a packet of {@code m.type}; false when malformed. */
    static boolean decode(MqttMessage m, int sessionVersion) {
        int end = m.bodyLength;
        boolean v5 = sessionVersion == 5;
        return switch (m.type) {
            case CONNECT -> connect(m, end);
            case CONNACK -> {
                if (end < 2) {
                    yield false;
                }
                m.sessionPresent = (m.body[0] & 1) != 0;
                m.reasonCode = m.body[1] & 0xff;
                yield !v5 || properties(m, MqttField.PROPERTIES, 2, end) >= 0;
            }
            case PUBLISH -> publish(m, end, v5);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                if (end < 2) {
                    yield false;
                }
                m.messageId = u16(m.body, 0);
                if (!v5) {
                    yield true;
                }
                m.reasonCode = end == 2 ? 0 : m.body[2] & 0xff;
                yield end <= 3 || properties(m, MqttField.PROPERTIES, 3, end) >= 0;
            }
            case SUBSCRIBE -> topicList(m, end, v5, true);
            case UNSUBSCRIBE -> topicList(m, end, v5, false);
            case SUBACK, UNSUBACK -> {
                if (end < 2) {
                    yield false;
                }
                m.messageId = u16(m.body, 0);
                int pos = v5 ? properties(m, MqttField.PROPERTIES, 2, end) : 2;
                if (pos < 0) {
                    yield false;
                }
                m.setField(MqttField.CODES, pos, end - pos);
                yield true;
            }
            case DISCONNECT -> {
                if (v5) {
                    // As Suricata 7 (and its conformance cases): a DISCONNECT of exactly one byte is
                    // reported with reason code 0 whatever that byte says (docs/ips-mqtt.md).
                    m.reasonCode = end <= 1 ? 0 : m.body[0] & 0xff;
                    yield end <= 1 || properties(m, MqttField.PROPERTIES, 1, end) >= 0;
                }
                yield true;
            }
            case AUTH -> {
                // MQTT 5.0 3.15.2.1: remaining length 0 means reason code 0 and no properties.
                m.reasonCode = end == 0 ? 0 : m.body[0] & 0xff;
                yield end <= 1 || properties(m, MqttField.PROPERTIES, 1, end) >= 0;
            }
            case PINGREQ, PINGRESP, UNASSIGNED -> true;
        };
    }

    private static boolean connect(MqttMessage m, int end) {
        byte[] b = m.body;
        int pos = lengthPrefixed(b, 0, end);
        if (pos < 0 || pos + 4 > end) {
            return false;
        }
        m.setField(MqttField.PROTOCOL_STRING, 2, pos - 2);
        m.connectVersion = b[pos] & 0xff;
        int flags = b[pos + 1] & 0xff;
        m.connectFlags = flags;
        m.keepAlive = u16(b, pos + 2);
        pos += 4;
        boolean v5 = m.connectVersion == 5;
        if (v5 && (pos = properties(m, MqttField.PROPERTIES, pos, end)) < 0) {
            return false;
        }
        if ((pos = string(m, MqttField.CLIENT_ID, pos, end)) < 0) {
            return false;
        }
        if ((flags & 0x04) != 0) {
            if (v5 && (pos = properties(m, MqttField.WILL_PROPERTIES, pos, end)) < 0) {
                return false;
            }
            if ((pos = string(m, MqttField.WILL_TOPIC, pos, end)) < 0 || (pos = string(m, MqttField.WILL_MESSAGE, pos, end)) < 0) {
                return false;
            }
        }
        if ((flags & 0x80) != 0 && (pos = string(m, MqttField.USERNAME, pos, end)) < 0) {
            return false;
        }
        return (flags & 0x40) == 0 || string(m, MqttField.PASSWORD, pos, end) >= 0;
    }

    private static int string(MqttMessage m, MqttField field, int at, int end) {
        int after = lengthPrefixed(m.body, at, end);
        if (after >= 0) {
            m.setField(field, at + 2, after - at - 2);
        }
        return after;
    }

    private static boolean publish(MqttMessage m, int end, boolean v5) {
        int pos = string(m, MqttField.TOPIC, 0, end);
        if (pos < 0) {
            return false;
        }
        if (m.qos > 0) {
            if (pos + 2 > end) {
                return false;
            }
            m.messageId = u16(m.body, pos);
            pos += 2;
        }
        if (v5 && (pos = properties(m, MqttField.PROPERTIES, pos, end)) < 0) {
            return false;
        }
        m.setField(MqttField.PAYLOAD, pos, end - pos);
        return true;
    }

    /** SUBSCRIBE (topic + options byte, at least one) or UNSUBSCRIBE (topics, possibly none). */
    private static boolean topicList(MqttMessage m, int end, boolean v5, boolean subscribe) {
        if (end < 2) {
            return false;
        }
        m.messageId = u16(m.body, 0);
        int pos = v5 ? properties(m, MqttField.PROPERTIES, 2, end) : 2;
        if (pos < 0) {
            return false;
        }
        while (true) {
            int after = lengthPrefixed(m.body, pos, end);
            if (after < 0 || (subscribe && after + 1 > end)) {
                break; // like Suricata, bytes after the last whole entry are ignored
            }
            m.addItem(pos);
            pos = subscribe ? after + 1 : after;
        }
        return !subscribe || m.itemCount > 0;
    }
}
