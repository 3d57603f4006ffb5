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
 * <p>Names are expected to be constants: each distinct name (up to 4,096) is encoded once and
 * kept with the name that followed it and the value last written under it, so a record written
 * like the one before it costs a comparison and a copy per member.
 *
 * <p>Not thread-safe: one instance per writing thread; {@link #reset} (or {@link #startRecord}
 * to append) before each record.
 */
public final class JsonLine {

    /** Per ASCII character: 0 written as itself, -1 as <code>&#92;u00xx</code>, else the letter of its short escape. */
    private static final int[] ESCAPES = new int[128];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** "00" to "99": numbers are written two digits per division. */
    private static final byte[] PAIRS = new byte[200];
    private static final byte[] ZONE = "+0000".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
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

    /** Distinct names kept (beyond, a name is encoded each time it is written). */
    private static final int MAX_NAMES = 4096;
    /** Longest encoded value kept with its name. */
    private static final int MAX_VALUE = 96;

    private byte[] buf;
    private int pos;
    /** Whether the next name or value follows a value (and needs a comma). */
    private boolean comma;
    /**
     * Names met before, by identity (names are constants). A record writes its names in the same
     * order as the record of its kind before it, so each name remembers the name that followed it
     * and the next name is found by one comparison, without hashing; a miss looks the name up
     * here and relinks. Each name also keeps the string value last written under it, so a
     * constant value (a function name, an access type) is one copy too.
     */
    private final java.util.IdentityHashMap<String, Name> known = new java.util.IdentityHashMap<>();
    /** Precedes the first name of every record. */
    private final Name first = new Name("", new byte[0]);
    /** The name written last. */
    private Name last = first;

    /** A member name met before: its encoding and the value last written under it. */
    private static final class Name {
        final String key;
        /** {@code "key":} */
        final byte[] encoded;
        /** The name written after this one last time. */
        Name next;
        String value;
        /** {@code "value"}, the first valueLength bytes. */
        final byte[] valueEncoded = new byte[MAX_VALUE];
        int valueLength;

        Name(String key, byte[] encoded) {
            this.key = key;
            this.encoded = encoded;
        }
    }

    public JsonLine() {
        this(1024);
    }

    public JsonLine(int initialCapacity) {
        this.buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Empties the buffer for the next record. */
    public JsonLine reset() {
        pos = 0;
        return startRecord();
    }

    /**
     * Starts another record after the bytes already in the buffer (several records sent in one
     * write): no separator before its first value.
     */
    public JsonLine startRecord() {
        comma = false;
        last = first;
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
        room(1);
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
        open('{');
    }

    public void writeEndObject() {
        close('}');
    }

    public void writeStartArray() {
        open('[');
    }

    public void writeEndArray() {
        close(']');
    }

    /** Writes a member name; its value follows. */
    public void writeName(String name) {
        room(bound(name) + 2);
        name(name);
    }

    public void writeObjectPropertyStart(String name) {
        room(bound(name) + 3);
        name(name);
        buf[pos++] = '{';
    }

    public void writeArrayPropertyStart(String name) {
        room(bound(name) + 3);
        name(name);
        buf[pos++] = '[';
    }

    public void writeNumber(long value) {
        room(21);
        separate();
        number(value);
        comma = true;
    }

    public void writeNumberProperty(String name, long value) {
        room(bound(name) + 22);
        name(name);
        number(value);
        comma = true;
    }

    public void writeBoolean(boolean value) {
        literal(value ? TRUE : FALSE);
    }

    public void writeBooleanProperty(String name, boolean value) {
        room(bound(name) + 7);
        name(name);
        put(value ? TRUE : FALSE);
        comma = true;
    }

    /** Writes a string value, or {@code null} for null. */
    public void writeString(String value) {
        if (value == null) {
            literal(NULL);
            return;
        }
        room(bound(value) + 1);
        separate();
        encode(value);
        comma = true;
    }

    public void writeStringProperty(String name, String value) {
        if (value == null) {
            writeName(name);
            literal(NULL);
            return;
        }
        room(bound(name) + bound(value) + 2);
        Name n = name(name);
        if (n != null && n.value == value) {
            System.arraycopy(n.valueEncoded, 0, buf, pos, n.valueLength);
            pos += n.valueLength;
        } else {
            int start = pos;
            encode(value);
            int len = pos - start;
            if (n != null && len <= MAX_VALUE) {
                n.value = value;
                n.valueLength = len;
                System.arraycopy(buf, start, n.valueEncoded, 0, len);
            }
        }
        comma = true;
    }

    /**
     * Writes bytes as a string the way Suricata's JSON builder renders a byte buffer: as text when
     * the bytes are valid UTF-8 (as Java's strict decoder judges it: no overlong forms, no
     * surrogates, nothing above U+10FFFF), otherwise byte by byte, ASCII as itself and every other
     * byte as the four characters {@code \xNN} (lower-case hex; in JSON text {@code \\xNN}).
     */
    public void writeBytes(byte[] b, int off, int len) {
        room(len * 6 + 3);
        separate();
        bytes(b, off, len);
        comma = true;
    }

    public void writeBytesProperty(String name, byte[] b, int off, int len) {
        room(bound(name) + len * 6 + 4);
        name(name);
        bytes(b, off, len);
        comma = true;
    }

    /**
     * Writes a time as Suricata's EVE timestamp, {@code 2024-01-31T12:00:00.123456+0000} (UTC,
     * microseconds truncated).
     */
    public void writeTimestamp(long epochNanos) {
        room(64);
        separate();
        timestamp(epochNanos);
        comma = true;
    }

    public void writeTimestampProperty(String name, long epochNanos) {
        room(bound(name) + 64);
        name(name);
        timestamp(epochNanos);
        comma = true;
    }

    /**
     * Writes an address held in 16 bytes (IPv4 in the last four when {@code ipv6} is false) as
     * {@code InetAddress.getHostAddress} writes it: dotted IPv4 (also for an IPv4-mapped IPv6
     * address), else eight lower-case hex groups without leading zeros and without {@code ::}
     * compression.
     */
    public void writeAddress(byte[] a16, boolean ipv6) {
        room(42);
        separate();
        address(a16, ipv6);
        comma = true;
    }

    public void writeAddressProperty(String name, byte[] a16, boolean ipv6) {
        room(bound(name) + 43);
        name(name);
        address(a16, ipv6);
        comma = true;
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

    // Below: writers that assume room() made space for them; room() is asked once per public call.

    private void open(char c) {
        room(2);
        separate();
        buf[pos++] = (byte) c;
        comma = false;
    }

    private void close(char c) {
        room(1);
        buf[pos++] = (byte) c;
        comma = true;
    }

    private void separate() {
        if (comma) {
            buf[pos++] = ',';
        }
    }

    private void literal(byte[] text) {
        room(text.length + 1);
        separate();
        put(text);
        comma = true;
    }

    private void put(byte[] text) {
        System.arraycopy(text, 0, buf, pos, text.length);
        pos += text.length;
    }

    /** The most bytes a string can take quoted and escaped (6 per UTF-16 unit: \\u00xx). */
    private static int bound(String s) {
        return s.length() * 6 + 2;
    }

    /**
     * A separator if needed, the quoted name and its colon; returns the name's entry, or null when
     * too many names are known to keep this one.
     */
    private Name name(String name) {
        separate();
        Name n = last.next;
        if (n == null || n.key != name) {
            n = learn(name);
        }
        if (n == null) {
            encode(name);
            buf[pos++] = ':';
            last = first;
        } else {
            System.arraycopy(n.encoded, 0, buf, pos, n.encoded.length);
            pos += n.encoded.length;
            last = n;
        }
        comma = false;
        return n;
    }

    /** The entry of a name the prediction missed, linked after the last name (created the first time). */
    private Name learn(String name) {
        Name n = known.get(name);
        if (n == null) {
            if (known.size() >= MAX_NAMES) {
                return null;
            }
            int start = pos;
            encode(name);
            buf[pos++] = ':';
            n = new Name(name, Arrays.copyOfRange(buf, start, pos));
            pos = start;
            known.put(name, n);
        }
        last.next = n;
        return n;
    }

    /** The string quoted and escaped, as Jackson writes it. */
    private void encode(String s) {
        int n = s.length();
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

    private void bytes(byte[] b, int off, int len) {
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
    }

    /**
     * The date from the day number by arithmetic alone (H. Hinnant's civil-from-days): a capture
     * crosses seconds, days and months while the hot code runs, and a branch first taken then
     * would make the compiled code of every caller be thrown away. Years outside 1-9999, which
     * {@code yyyy} prints differently, go to the formatter.
     */
    private void timestamp(long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int micros = (int) (Math.floorMod(epochNanos, 1_000_000_000L) / 1000);
        long days = Math.floorDiv(second, 86_400L);
        int secondOfDay = (int) (second - days * 86_400L);
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (int) ((5 * dayOfYear + 2) / 153);
        int day = (int) (dayOfYear - (153L * mp + 2) / 5 + 1);
        int month = mp + 3 - 12 * ((9 - mp) >>> 31);
        long year = yearOfEra + era * 400 + ((month - 3) >>> 31);
        if (year < 1 || year > 9999) {
            formatted(second, micros);
            return;
        }
        int y = (int) year;
        int hour = secondOfDay / 3600;
        int minute = secondOfDay / 60 - hour * 60;
        int sec = secondOfDay - (secondOfDay / 60) * 60;
        byte[] o = buf;
        int p = pos;
        o[p++] = '"';
        p = pair(o, p, y / 100);
        p = pair(o, p, y % 100);
        o[p++] = '-';
        p = pair(o, p, month);
        o[p++] = '-';
        p = pair(o, p, day);
        o[p++] = 'T';
        p = pair(o, p, hour);
        o[p++] = ':';
        p = pair(o, p, minute);
        o[p++] = ':';
        p = pair(o, p, sec);
        o[p++] = '.';
        p = pair(o, p, micros / 10_000);
        p = pair(o, p, micros / 100 % 100);
        p = pair(o, p, micros % 100);
        System.arraycopy(ZONE, 0, o, p, ZONE.length);
        p += ZONE.length;
        o[p++] = '"';
        pos = p;
    }

    private static int pair(byte[] o, int p, int v) {
        o[p] = PAIRS[2 * v];
        o[p + 1] = PAIRS[2 * v + 1];
        return p + 2;
    }

    /** A year outside 1-9999: as the formatter prints it (sign, more digits, year of era). */
    private void formatted(long second, int micros) {
        byte[] text = SECOND.format(java.time.Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
        room(text.length + 16);
        buf[pos++] = '"';
        put(text);
        buf[pos++] = '.';
        pos = pair(buf, pos, micros / 10_000);
        pos = pair(buf, pos, micros / 100 % 100);
        pos = pair(buf, pos, micros % 100);
        put(ZONE);
        buf[pos++] = '"';
    }

    private void address(byte[] a16, boolean ipv6) {
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
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(MIN_LONG);
                return;
            }
            buf[pos++] = '-';
            v = -v;
        }
        if (v <= Integer.MAX_VALUE) {
            pos = decimal(buf, pos, (int) v);
            return;
        }
        // beyond an int: 8 digits at a time with int arithmetic
        long high = v / 100_000_000L;
        int low = (int) (v - high * 100_000_000L);
        if (high <= Integer.MAX_VALUE) {
            pos = decimal(buf, pos, (int) high);
        } else {
            long top = high / 100_000_000L;
            pos = decimal(buf, pos, (int) top);
            pos = eightDigits(buf, pos, (int) (high - top * 100_000_000L));
        }
        pos = eightDigits(buf, pos, low);
    }

    /** A non-negative int in decimal; returns the new position. */
    private static int decimal(byte[] o, int p, int v) {
        if (v < 10) {
            o[p] = (byte) ('0' + v);
            return p + 1;
        }
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5
                : v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
        int end = p + digits;
        int i = end;
        while (v >= 100) {
            int q = v / 100;
            int r = v - q * 100;
            o[--i] = PAIRS[2 * r + 1];
            o[--i] = PAIRS[2 * r];
            v = q;
        }
        if (v >= 10) {
            o[--i] = PAIRS[2 * v + 1];
            o[--i] = PAIRS[2 * v];
        } else {
            o[--i] = (byte) ('0' + v);
        }
        return end;
    }

    /** 0 to 99,999,999 as exactly eight digits. */
    private static int eightDigits(byte[] o, int p, int v) {
        for (int i = p + 6; i >= p; i -= 2) {
            int q = v / 100;
            int r = v - q * 100;
            o[i] = PAIRS[2 * r];
            o[i + 1] = PAIRS[2 * r + 1];
            v = q;
        }
        return p + 8;
    }

    /** Makes room for {@code more} bytes; growth is rare (only a record larger than all before). */
    private void room(int more) {
        if (buf.length - pos < more) {
            grow(more);
        }
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
}
