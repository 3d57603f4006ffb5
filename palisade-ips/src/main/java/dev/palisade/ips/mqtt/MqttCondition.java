package dev.palisade.ips.mqtt;

import dev.palisade.ips.rules.ProtocolCondition;

/**
 * A parsed {@code mqtt.*} keyword with a value, evaluated against a transaction by
 * {@link #matches}. Immutable; matching allocates nothing. Made by {@link MqttKeywords#parse}.
 *
 * <p>Meaning, as in Suricata: {@code mqtt.type}, {@code mqtt.flags}, {@code mqtt.qos} hold when
 * some message of the transaction has that header field; {@code mqtt.connect.flags} tests the
 * CONNECT flags byte; {@code mqtt.connack.session_present} the CONNACK flag; {@code mqtt.reason_code}
 * (alias {@code mqtt.connack.return_code}) the CONNACK return code, the MQTT 5.0 reason codes of
 * PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT and AUTH, and the code lists of SUBACK and UNSUBACK;
 * {@code mqtt.protocol_version} the version the connection's CONNECT announced. {@code mqtt.type}
 * and {@code mqtt.reason_code} take an optional index ({@code mqtt.type:CONNACK,1}): a position
 * (negative counts from the end, once the transaction is complete), {@code any} or {@code all}.
 */
public final class MqttCondition implements ProtocolCondition {

    /** What the condition tests. */
    public enum Kind { TYPE, FLAGS, QOS, PROTOCOL_VERSION, CONNECT_FLAGS, SESSION_PRESENT, REASON_CODE }

    static final int INDEX_ANY = Integer.MIN_VALUE;
    static final int INDEX_ALL = Integer.MIN_VALUE + 1;

    private final String keyword;
    private final Kind kind;
    private final MqttUint uint;
    private final int mask;
    private final int value;
    private final int index;

    MqttCondition(String keyword, Kind kind, MqttUint uint, int mask, int value, int index) {
        this.keyword = keyword;
        this.kind = kind;
        this.uint = uint;
        this.mask = mask;
        this.value = value;
        this.index = index;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the transaction satisfies this condition. */
    public boolean matches(MqttTransaction tx) {
        return switch (kind) {
            case TYPE -> indexed(tx, false);
            case REASON_CODE -> indexed(tx, true);
            case QOS -> {
                for (int i = 0; i < tx.count; i++) {
                    if (tx.messages[i].qos == value) {
                        yield true;
                    }
                }
                yield false;
            }
            case FLAGS -> {
                for (int i = 0; i < tx.count; i++) {
                    if ((tx.messages[i].headerFlags() & mask) == value) {
                        yield true;
                    }
                }
                yield false;
            }
            case CONNECT_FLAGS -> {
                for (int i = 0; i < tx.count; i++) {
                    MqttMessage m = tx.messages[i];
                    if (m.type == MqttType.CONNECT && !m.truncated && (m.connectFlags & mask) == value) {
                        yield true;
                    }
                }
                yield false;
            }
            case SESSION_PRESENT -> {
                for (int i = 0; i < tx.count; i++) {
                    MqttMessage m = tx.messages[i];
                    if (m.type == MqttType.CONNACK && !m.truncated && m.sessionPresent == (value != 0)) {
                        yield true;
                    }
                }
                yield false;
            }
            case PROTOCOL_VERSION -> uint.test(tx.protocolVersion);
        };
    }

    /** Multi-integer matching over the transaction's message types or reason codes. */
    private boolean indexed(MqttTransaction tx, boolean codes) {
        int n = codes ? codeCount(tx) : tx.count;
        if (index == INDEX_ANY) {
            for (int i = 0; i < n; i++) {
                if (uint.test(valueAt(tx, i, codes))) {
                    return true;
                }
            }
            return false;
        }
        if (index == INDEX_ALL) {
            if (!tx.complete || n == 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!uint.test(valueAt(tx, i, codes))) {
                    return false;
                }
            }
            return true;
        }
        int at = index;
        if (at < 0) {
            if (!tx.complete) {
                return false;
            }
            at += n;
        }
        return at >= 0 && at < n && uint.test(valueAt(tx, at, codes));
    }

    private static int codeCount(MqttTransaction tx) {
        int n = 0;
        for (int i = 0; i < tx.count; i++) {
            n += codesOf(tx.messages[i]);
        }
        return n;
    }

    /** How many reason codes a message contributes. */
    private static int codesOf(MqttMessage m) {
        if (m.truncated) {
            return 0;
        }
        return switch (m.type) {
            case CONNACK, AUTH -> 1;
            case PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT -> m.reasonCode >= 0 ? 1 : 0;
            case SUBACK, UNSUBACK -> m.codeCount();
            default -> 0;
        };
    }

    private static int valueAt(MqttTransaction tx, int index, boolean codes) {
        if (!codes) {
            return tx.messages[index].type.code();
        }
        int skip = index;
        for (int i = 0; i < tx.count; i++) {
            MqttMessage m = tx.messages[i];
            int c = codesOf(m);
            if (skip < c) {
                return m.type == MqttType.SUBACK || m.type == MqttType.UNSUBACK ? m.code(skip) : m.reasonCode;
            }
            skip -= c;
        }
        return -1;
    }

    @Override
    public String toString() {
        return keyword + " " + kind + (uint != null ? " " + uint : " mask=" + mask + " value=" + value);
    }
}
