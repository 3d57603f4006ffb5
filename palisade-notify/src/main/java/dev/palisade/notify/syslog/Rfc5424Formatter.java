package dev.palisade.notify.syslog;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.Severity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an audit record as an RFC 5424 message:
 *
 * <pre>
 * &lt;PRI&gt;1 TIMESTAMP HOSTNAME palisade - MSGID [palisade@32473 event="..." eventId="..." log="..." sequence="..." severity="..." subject="..."] BOM MSG
 * </pre>
 *
 * <ul>
 *   <li>PRI = facility * 8 + severity: Critical 2 (crit), Warning 4 (warning), Informational 6 (info).</li>
 *   <li>TIMESTAMP in UTC with microseconds ({@code 2026-11-25T19:53:24.123456Z}); a time outside
 *       years 0000-9999 becomes the NILVALUE.</li>
 *   <li>HOSTNAME the device name; APP-NAME {@code palisade}; PROCID NILVALUE; MSGID the catalog
 *       constant (e.g. {@code TRAFFIC_BLOCKING}, cut to the 32 characters the grammar allows).
 *       Header fields keep only printable US-ASCII (others become {@code _}).</li>
 *   <li>STRUCTURED-DATA: one element whose SD-ID uses 32473, the enterprise number RFC 5612 sets
 *       aside for documentation (Palisade has none of its own); values escape {@code "},
 *       {@code \} and {@code ]} with a backslash (section 6.3.3) and are cut to
 *       {@value #MAX_PARAM_CHARS} characters.</li>
 *   <li>MSG: the event text in UTF-8 after a byte order mark, as section 6.4 requires for UTF-8.
 *       Cut on a character boundary when the message would exceed the transport's limit.</li>
 * </ul>
 */
public final class Rfc5424Formatter {

    /** The SD-ID of Palisade's element. */
    public static final String SD_ID = "palisade@32473";
    public static final String APP_NAME = "palisade";
    /** SD-PARAM values are cut to this many characters (the full text is in MSG). */
    public static final int MAX_PARAM_CHARS = 128;
    /**
     * The smallest message limit accepted: RFC 5426 says receivers should take 2048 octets, and
     * the longest possible header (255-character host, 128-character values) stays well below.
     */
    public static final int MIN_MESSAGE_BYTES = 2048;
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant BEYOND = Instant.parse("+10000-01-01T00:00:00Z");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Facility facility;

    public Rfc5424Formatter(Facility facility) {
        this.facility = facility;
    }

    /** The syslog severity code of a catalog severity. */
    public static int severityCode(Severity severity) {
        return switch (severity) {
            case CRITICAL -> 2;
            case WARNING -> 4;
            case INFORMATIONAL -> 6;
        };
    }

    /** The message for {@code record}, at most {@code maxBytes} long (cutting the MSG part). */
    public byte[] format(AuditRecord record, String hostName, int maxBytes) {
        if (maxBytes < MIN_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message limit below " + MIN_MESSAGE_BYTES + ": " + maxBytes);
        }
        StringBuilder head = new StringBuilder(256);
        head.append('<').append(facility.code() * 8 + severityCode(record.severity())).append(">1 ");
        head.append(timestamp(record.time())).append(' ');
        head.append(headerField(hostName, 255)).append(' ');
        head.append(APP_NAME).append(" - ");
        head.append(headerField(record.event().name(), 32)).append(' ');
        head.append('[').append(SD_ID);
        param(head, "event", record.event().eventName());
        param(head, "eventId", record.event().name());
        param(head, "log", record.log().key());
        param(head, "sequence", Long.toString(record.sequence()));
        param(head, "severity", record.severity().label());
        param(head, "subject", record.subject());
        head.append(']');
        byte[] header = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] text = utf8(record.text());
        int room = maxBytes - header.length - 1 - BOM.length;
        int textLength = cutPoint(text, room);
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + 1 + BOM.length + textLength);
        out.writeBytes(header);
        out.write(' ');
        out.writeBytes(BOM);
        out.write(text, 0, textLength);
        return out.toByteArray();
    }

    /** RFC 5424 TIMESTAMP of {@code time} in UTC with six fraction digits, or "-". */
    static String timestamp(Instant time) {
        if (time.isBefore(FIRST) || !time.isBefore(BEYOND)) {
            return "-";
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), time.getNano() / 1000);
    }

    /** A header field: printable US-ASCII only, at most {@code max} characters, NILVALUE when empty. */
    static String headerField(String value, int max) {
        if (value.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            b.append(c >= 33 && c <= 126 ? c : '_');
        }
        return b.toString();
    }

    private static void param(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"");
        // Valid UTF-8 text with the three characters the grammar reserves escaped, cut so the
        // header always fits the smallest message limit.
        String v = new String(utf8(value), StandardCharsets.UTF_8);
        if (v.codePointCount(0, v.length()) > MAX_PARAM_CHARS) {
            v = v.substring(0, v.offsetByCodePoints(0, MAX_PARAM_CHARS));
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                b.append('\\');
            }
            b.append(c);
        }
        b.append('"');
    }

    /** UTF-8 of {@code s}; an unpaired surrogate becomes U+FFFD instead of '?'. */
    private static byte[] utf8(String s) {
        StringBuilder fixed = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && fixed == null) {
                fixed = new StringBuilder(s.substring(0, i));
            }
            if (fixed != null) {
                fixed.append(bad ? '\uFFFD' : c);
            }
        }
        return (fixed == null ? s : fixed.toString()).getBytes(StandardCharsets.UTF_8);
    }

    /** The longest prefix of UTF-8 {@code text} of at most {@code room} bytes that ends on a character boundary. */
    private static int cutPoint(byte[] text, int room) {
        if (text.length <= room) {
            return text.length;
        }
        int end = room;
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }
}
