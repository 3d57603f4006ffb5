package dev.palisade.ips.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * One JSON text built in a reusable byte buffer, for output written at packet rate (EVE records):
 * nothing is allocated per value once the buffer has grown to the largest record, where a JSON
 * library allocates a generator, its contexts and the strings handed to it for every record.
 *
 * <p>The method names and the bytes written are those of Jackson's {@code JsonGenerator} with
 * {@code JsonWriteFeature.WRITE_HEX_UPPER_CASE} disabled, which wrote EVE before (tests compare the
 * two byte for byte): no spaces; {@code "} and {@code \} escaped, {@code \b \t \n \f \r} as short
 * escapes, other control characters as <code>&#92;u00xx</code>; everything else, {@code /}, DEL and
 * non-ASCII included, as itself in UTF-8 (an unpaired surrogate, which no decoder here produces,
 * becomes {@code ?}). Commas are placed by the writer; the structure is the caller's to keep
 * balanced. Beyond Jackson's vocabulary it writes the values EVE needs without building strings:
 * bytes rendered as Suricata renders them ({@link #writeBytesProperty}), Suricata's timestamp
 * ({@link #writeTimestampProperty}) and IP addresses ({@link #writeAddressProperty}).
 *
 * <p>Not thread-safe: one instance per writing thread, {@link #reset} before each record.
 */
public final class JsonLine {

    /** Per ASCII character: 0 written as itself, -1 as <code>&#92;u00xx</code>, else the letter of its short escape. */
    private static final int[] ESCAPES = new int[128];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZONE = "+0000".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private static final int CACHE_SLOTS = 256;
    private static final int CACHED_MAX = 48;

    private byte[] buf;
    private int pos;
    /** Strings recently written and their quoted, escaped UTF-8 (at most CACHED_MAX bytes each, by slot). */
    private final String[] cacheKeys = new String[CACHE_SLOTS];
    private final int[] cacheLengths = new int[CACHE_SLOTS];
    private final byte[] cacheBytes = new byte[CACHE_SLOTS * CACHED_MAX];
    /** Whether the next name or value follows a value (and needs a comma). */
    private boolean comma;
    /** The date and time of {@link #cachedSecond}, formatted once per second of packet time. */
    private byte[] secondText = new byte[0];
    private long cachedSecond = Long.MIN_VALUE;

    public JsonLine() {
        this(1024);
    }

    public JsonLine(int initialCapacity) {
        this.buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Empties the buffer for the next record. */
    public JsonLine reset() {
        pos = 0;
        comma = false;
        return this;
    }

    /** Bytes written since the last {@link #reset}. */
    public int length() {
        return pos;
    }

    /** The buffer; its first {@link #length()} bytes are the text. */
    public byte[] array() {
        return buf;
    }

    /** Appends a raw byte (a line feed between records). */
    public void writeRaw(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
    }

    /** Writes the text to {@code out} (one write call). */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
    }

    /** The text as a string (tests, diagnostics). */
    @Override
    public String toString() {
        return new String(buf, 0, pos, StandardCharsets.UTF_8);
    }

    public void writeStartObject() {
        ensure(2);
        separate();
        buf[pos++] = '{';
        comma = false;
    }

    public void writeEndObject() {
        ensure(1);
        buf[pos++] = '}';
        comma = true;
    }

    public void writeStartArray() {
        ensure(2);
        separate();
        buf[pos++] = '[';
        comma = false;
    }

    public void writeEndArray() {
        ensure(1);
        buf[pos++] = ']';
        comma = true;
    }

    /** Writes a member name; its value follows. */
    public void writeName(String name) {
        ensure(1);
        separate();
        string(name);
        ensure(1);
        buf[pos++] = ':';
        comma = false;
    }

    public void writeObjectPropertyStart(String name) {
        writeName(name);
        writeStartObject();
    }

    public void writeArrayPropertyStart(String name) {
        writeName(name);
        writeStartArray();
    }

    public void writeNumber(long value) {
        ensure(21);
        separate();
        number(value);
        comma = true;
    }

    public void writeNumberProperty(String name, long value) {
        writeName(name);
        writeNumber(value);
    }

    public void writeBoolean(boolean value) {
        literal(value ? TRUE : FALSE);
    }

    public void writeBooleanProperty(String name, boolean value) {
        writeName(name);
        writeBoolean(value);
    }

    /** Writes a string value, or {@code null} for null. */
    public void writeString(String value) {
        if (value == null) {
            literal(NULL);
            return;
        }
        ensure(1);
        separate();
        string(value);
        comma = true;
    }

    public void writeStringProperty(String name, String value) {
        writeName(name);
        writeString(value);
    }

    /**
     * Writes bytes as a string the way Suricata's JSON builder renders a byte buffer: as text when
     * the bytes are valid UTF-8 (as Java's strict decoder judges it: no overlong forms, no
     * surrogates, nothing above U+10FFFF), otherwise byte by byte, ASCII as itself and every other
     * byte as the four characters {@code \xNN} (lower-case hex; in JSON text {@code \\xNN}).
     */
    public void writeBytes(byte[] b, int off, int len) {
        ensure(len * 6 + 3);
        separate();
        byte[] o = buf;
        int p = pos;
        o[p++] = '"';
        int end = off + len;
        if (validUtf8(b, off, len)) {
            for (int i = off; i < end; i++) {
                int v = b[i];
                if (v >= 0) {
                    p = ascii(o, p, v);
                } else {
                    o[p++] = (byte) v;
                }
            }
        } else {
            for (int i = off; i < end; i++) {
                int v = b[i];
                if (v >= 0) {
                    p = ascii(o, p, v);
                } else {
                    o[p++] = '\\';
                    o[p++] = '\\';
                    o[p++] = 'x';
                    o[p++] = HEX[(v >>> 4) & 0xF];
                    o[p++] = HEX[v & 0xF];
                }
            }
        }
        o[p++] = '"';
        pos = p;
        comma = true;
    }

    public void writeBytesProperty(String name, byte[] b, int off, int len) {
        writeName(name);
        writeBytes(b, off, len);
    }

    /**
     * Writes a time as Suricata's EVE timestamp, {@code 2024-01-31T12:00:00.123456+0000} (UTC,
     * microseconds truncated). The date and time of day are formatted once per second.
     */
    public void writeTimestamp(long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int micros = (int) (Math.floorMod(epochNanos, 1_000_000_000L) / 1000);
        if (second != cachedSecond) {
            secondText = SECOND.format(java.time.Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
            cachedSecond = second;
        }
        ensure(secondText.length + 16);
        separate();
        byte[] o = buf;
        int p = pos;
        o[p++] = '"';
        System.arraycopy(secondText, 0, o, p, secondText.length);
        p += secondText.length;
        o[p++] = '.';
        for (int d = 100_000; d > 0; d /= 10) {
            o[p++] = (byte) ('0' + micros / d % 10);
        }
        System.arraycopy(ZONE, 0, o, p, ZONE.length);
        p += ZONE.length;
        o[p++] = '"';
        pos = p;
        comma = true;
    }

    public void writeTimestampProperty(String name, long epochNanos) {
        writeName(name);
        writeTimestamp(epochNanos);
    }

    /**
     * Writes an address held in 16 bytes (IPv4 in the last four when {@code ipv6} is false) as
     * {@code InetAddress.getHostAddress} writes it: dotted IPv4 (also for an IPv4-mapped IPv6
     * address), else eight lower-case hex groups without leading zeros and without {@code ::}
     * compression.
     */
    public void writeAddress(byte[] a16, boolean ipv6) {
        ensure(42);
        separate();
        byte[] o = buf;
        int p = pos;
        o[p++] = '"';
        if (!ipv6 || mapped(a16)) {
            for (int i = 12; i < 16; i++) {
                if (i > 12) {
                    o[p++] = '.';
                }
                p = decimal(o, p, a16[i] & 0xFF);
            }
        } else {
            for (int g = 0; g < 8; g++) {
                if (g > 0) {
                    o[p++] = ':';
                }
                int v = (a16[2 * g] & 0xFF) << 8 | (a16[2 * g + 1] & 0xFF);
                boolean started = false;
                for (int shift = 12; shift >= 0; shift -= 4) {
                    int d = (v >>> shift) & 0xF;
                    if (d != 0 || started || shift == 0) {
                        o[p++] = HEX[d];
                        started = true;
                    }
                }
            }
        }
        o[p++] = '"';
        pos = p;
        comma = true;
    }

    public void writeAddressProperty(String name, byte[] a16, boolean ipv6) {
        writeName(name);
        writeAddress(a16, ipv6);
    }

    /** Whether the bytes are well-formed UTF-8 (the shortest form, no surrogates, at most U+10FFFF). */
    public static boolean validUtf8(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2 || c > 0xF4) {
                return false;
            }
            if (c < 0xE0) {
                if (i + 1 >= end || (b[i + 1] & 0xC0) != 0x80) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                int lo = c == 0xE0 ? 0xA0 : 0x80;
                int hi = c == 0xED ? 0x9F : 0xBF;
                if (c1 < lo || c1 > hi || (b[i + 2] & 0xC0) != 0x80) {
                    return false;
                }
                i += 3;
            } else {
                if (i + 3 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                int lo = c == 0xF0 ? 0x90 : 0x80;
                int hi = c == 0xF4 ? 0x8F : 0xBF;
                if (c1 < lo || c1 > hi || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80) {
                    return false;
                }
                i += 4;
            }
        }
        return true;
    }

    private static boolean mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private void separate() {
        if (comma) {
            buf[pos++] = ',';
        }
    }

    private void literal(byte[] text) {
        ensure(text.length + 1);
        separate();
        System.arraycopy(text, 0, buf, pos, text.length);
        pos += text.length;
        comma = true;
    }

    /**
     * A quoted, escaped string; the caller has made room for the separator. Names and most
     * values are constants (field names, function and category names, rule messages), so the
     * encoded form of recent strings is kept by identity: a repeat is one copy.
     */
    private void string(String s) {
        int slot = System.identityHashCode(s) & (CACHE_SLOTS - 1);
        if (cacheKeys[slot] == s) {
            int len = cacheLengths[slot];
            ensure(len);
            System.arraycopy(cacheBytes, slot * CACHED_MAX, buf, pos, len);
            pos += len;
            return;
        }
        int start = pos;
        encode(s);
        int len = pos - start;
        if (len <= CACHED_MAX) {
            cacheKeys[slot] = s;
            cacheLengths[slot] = len;
            System.arraycopy(buf, start, cacheBytes, slot * CACHED_MAX, len);
        }
    }

    private void encode(String s) {
        int n = s.length();
        ensure(n * 6 + 2);
        byte[] o = buf;
        int p = pos;
        o[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                p = ascii(o, p, c);
            } else if (c < 0x800) {
                o[p++] = (byte) (0xC0 | c >>> 6);
                o[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                o[p++] = (byte) (0xF0 | cp >>> 18);
                o[p++] = (byte) (0x80 | (cp >>> 12) & 0x3F);
                o[p++] = (byte) (0x80 | (cp >>> 6) & 0x3F);
                o[p++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                o[p++] = '?';
            } else {
                o[p++] = (byte) (0xE0 | c >>> 12);
                o[p++] = (byte) (0x80 | (c >>> 6) & 0x3F);
                o[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        o[p++] = '"';
        pos = p;
    }

    /** One ASCII character, escaped as needed; returns the new position. */
    private static int ascii(byte[] o, int p, int c) {
        int e = ESCAPES[c];
        if (e == 0) {
            o[p++] = (byte) c;
        } else if (e > 0) {
            o[p++] = '\\';
            o[p++] = (byte) e;
        } else {
            o[p++] = '\\';
            o[p++] = 'u';
            o[p++] = '0';
            o[p++] = '0';
            o[p++] = HEX[c >>> 4];
            o[p++] = HEX[c & 0xF];
        }
        return p;
    }

    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, buf, pos, MIN_LONG.length);
            pos += MIN_LONG.length;
            return;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        if (v < 1_000_000_000L) {
            pos = decimal(buf, pos, (int) v);
            return;
        }
        int digits = 1;
        for (long t = v / 10; t > 0; t /= 10) {
            digits++;
        }
        int p = pos + digits;
        for (int i = p - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = p;
    }

    /** A non-negative int below 10^9 in decimal; returns the new position. */
    private static int decimal(byte[] o, int p, int v) {
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5
                : v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : 9;
        int end = p + digits;
        for (int i = end - 1; i >= p; i--) {
            o[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    private void ensure(int more) {
        // +1: room for a separator the caller may write before the value it sized
        if (pos + more + 1 > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more + 1));
        }
    }
}
