package dev.palisade.notify.syslog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent, strict reader of the RFC 5424 grammar (section 6) for the tests: it accepts a
 * message only if every production holds, and returns its parts with SD-PARAM values unescaped,
 * so tests can check both validity and that what was written reads back.
 */
final class Rfc5424Grammar {

    /** A parsed message. */
    record Message(int pri, int version, String timestamp, String hostname, String appName, String procId, String msgId,
            List<Element> structuredData, byte[] msg) {
        String msgText() {
            return new String(msg, StandardCharsets.UTF_8);
        }
    }

    record Element(String id, Map<String, String> params) {
    }

    /** Thrown for any violation, with the offset. */
    static final class Violation extends Exception {
        Violation(String what, int at) {
            super(what + " at byte " + at);
        }
    }

    private final byte[] b;
    private int p;

    private Rfc5424Grammar(byte[] b) {
        this.b = b;
    }

    static Message parse(byte[] message) throws Violation {
        return new Rfc5424Grammar(message).message();
    }

    private Message message() throws Violation {
        expect('<');
        int start = p;
        int pri = digits(1, 3);
        if (pri > 191 || (p - start > 1 && b[start] == '0')) {
            throw new Violation("PRIVAL out of range", start);
        }
        expect('>');
        if (p >= b.length || b[p] < '1' || b[p] > '9') {
            throw new Violation("VERSION", p);
        }
        int version = digits(1, 3);
        expect(' ');
        String ts = timestamp();
        expect(' ');
        String host = field(255);
        expect(' ');
        String app = field(48);
        expect(' ');
        String proc = field(128);
        expect(' ');
        String msgId = field(32);
        expect(' ');
        List<Element> sd = structuredData();
        byte[] msg = new byte[0];
        if (p < b.length) {
            expect(' ');
            msg = Arrays.copyOfRange(b, p, b.length);
            if (msg.length >= 3 && (msg[0] & 0xFF) == 0xEF && (msg[1] & 0xFF) == 0xBB && (msg[2] & 0xFF) == 0xBF) {
                msg = Arrays.copyOfRange(msg, 3, msg.length);
                utf8(msg, p + 3);
            }
            p = b.length;
        }
        return new Message(pri, version, ts, host, app, proc, msgId, sd, msg);
    }

    private String timestamp() throws Violation {
        if (peek() == '-') {
            p++;
            return "-";
        }
        int start = p;
        digits(4, 4);
        expect('-');
        int month = digits(2, 2);
        expect('-');
        int day = digits(2, 2);
        expect('T');
        int hour = digits(2, 2);
        expect(':');
        int minute = digits(2, 2);
        expect(':');
        int second = digits(2, 2);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            throw new Violation("TIMESTAMP field out of range", start);
        }
        if (peek() == '.') {
            p++;
            digits(1, 6);
        }
        if (peek() == 'Z') {
            p++;
        } else {
            if (peek() != '+' && peek() != '-') {
                throw new Violation("TIME-OFFSET", p);
            }
            p++;
            digits(2, 2);
            expect(':');
            digits(2, 2);
        }
        return new String(b, start, p - start, StandardCharsets.US_ASCII);
    }

    /** NILVALUE or 1*max PRINTUSASCII. */
    private String field(int max) throws Violation {
        int start = p;
        while (p < b.length && b[p] >= 33 && b[p] <= 126) {
            p++;
        }
        if (p == start || p - start > max) {
            throw new Violation("header field length " + (p - start), start);
        }
        return new String(b, start, p - start, StandardCharsets.US_ASCII);
    }

    private List<Element> structuredData() throws Violation {
        List<Element> out = new ArrayList<>();
        if (peek() == '-') {
            p++;
            return out;
        }
        if (peek() != '[') {
            throw new Violation("STRUCTURED-DATA", p);
        }
        while (peek() == '[') {
            p++;
            String id = sdName();
            Map<String, String> params = new LinkedHashMap<>();
            while (peek() == ' ') {
                p++;
                String name = sdName();
                expect('=');
                expect('"');
                String value = paramValue();
                if (params.put(name, value) != null) {
                    throw new Violation("repeated PARAM-NAME " + name, p);
                }
            }
            expect(']');
            out.add(new Element(id, params));
        }
        return out;
    }

    private String sdName() throws Violation {
        int start = p;
        while (p < b.length && b[p] >= 33 && b[p] <= 126 && b[p] != '=' && b[p] != ']' && b[p] != '"') {
            p++;
        }
        if (p == start || p - start > 32) {
            throw new Violation("SD-NAME length " + (p - start), start);
        }
        return new String(b, start, p - start, StandardCharsets.US_ASCII);
    }

    /** PARAM-VALUE up to its closing quote, unescaped; '"' and ']' must be escaped. */
    private String paramValue() throws Violation {
        int start = p;
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        while (true) {
            if (p >= b.length) {
                throw new Violation("unterminated PARAM-VALUE", start);
            }
            byte c = b[p];
            if (c == '"') {
                p++;
                break;
            }
            if (c == ']') {
                throw new Violation("unescaped ']' in PARAM-VALUE", p);
            }
            if (c == '\\' && p + 1 < b.length && (b[p + 1] == '"' || b[p + 1] == '\\' || b[p + 1] == ']')) {
                v.write(b[p + 1]);
                p += 2;
                continue;
            }
            v.write(c);
            p++;
        }
        byte[] raw = v.toByteArray();
        return utf8(raw, start);
    }

    private static String utf8(byte[] bytes, int at) throws Violation {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Violation("invalid UTF-8", at);
        }
    }

    private int digits(int min, int max) throws Violation {
        int start = p;
        int v = 0;
        while (p < b.length && p - start < max && b[p] >= '0' && b[p] <= '9') {
            v = v * 10 + (b[p] - '0');
            p++;
        }
        if (p - start < min) {
            throw new Violation("expected " + min + " digit(s)", start);
        }
        return v;
    }

    private int peek() {
        return p < b.length ? b[p] : -1;
    }

    private void expect(char c) throws Violation {
        if (peek() != c) {
            throw new Violation("expected '" + c + "'", p);
        }
        p++;
    }
}
