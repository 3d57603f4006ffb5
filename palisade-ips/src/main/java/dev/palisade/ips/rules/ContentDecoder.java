package dev.palisade.ips.rules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a {@code content} value: a double-quoted string of text and {@code |hex bytes|} parts,
 * with the escapes {@code \"}, {@code \;}, {@code \\} and {@code \:} and no others (as Suricata).
 * Text outside ASCII is taken as UTF-8.
 */
final class ContentDecoder {

    private ContentDecoder() {
    }

    /**
     * @param value the whole option value; the quoted string starts at {@code from}
     * @throws RuleSyntaxException with an offset into {@code value}
     */
    static byte[] decode(String value, int from) throws RuleSyntaxException {
        int end = value.length() - 1;
        if (from > end || value.charAt(from) != '"' || end == from || value.charAt(end) != '"' || value.charAt(end - 1) == '\\'
                && escapedQuote(value, from, end)) {
            throw new RuleSyntaxException(from, "the value must be double quoted: content:\"...\"");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - from);
        boolean hex = false;
        int hexStart = -1;
        int nibble = -1;
        for (int k = from + 1; k < end; k++) {
            char c = value.charAt(k);
            if (hex) {
                if (c == '|') {
                    if (nibble >= 0) {
                        throw new RuleSyntaxException(k, "odd number of hex digits: bytes are written as two digits each");
                    }
                    hex = false;
                } else if (c == ' ' || c == '\t') {
                    if (nibble >= 0) {
                        throw new RuleSyntaxException(k, "odd number of hex digits: bytes are written as two digits each");
                    }
                } else {
                    int d = Character.digit(c, 16);
                    if (d < 0 || c > 'f') {
                        throw new RuleSyntaxException(k, "'" + c + "' is not a hex digit (inside |...| only hex bytes and spaces)");
                    }
                    if (nibble < 0) {
                        nibble = d;
                    } else {
                        out.write(nibble << 4 | d);
                        nibble = -1;
                    }
                }
                continue;
            }
            switch (c) {
                case '|' -> {
                    hex = true;
                    hexStart = k;
                }
                case '\\' -> {
                    if (k + 1 >= end) {
                        throw new RuleSyntaxException(k, "'\\' at the end of the content must be escaped as \\\\");
                    }
                    char n = value.charAt(++k);
                    if (";\"\\:".indexOf(n) < 0) {
                        throw new RuleSyntaxException(k - 1, "'\\" + n + "' is not an escape: content knows \\\" \\; \\\\ \\: "
                                + "(write other bytes in hex, e.g. |5C|)");
                    }
                    out.write(n);
                }
                case '"' -> throw new RuleSyntaxException(k, "'\"' inside content must be escaped as \\\" (or |22|)");
                default -> {
                    if (c < 0x80) {
                        out.write(c);
                    } else {
                        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                        out.write(b, 0, b.length);
                    }
                }
            }
        }
        if (hex) {
            throw new RuleSyntaxException(hexStart, "'|' starting hex bytes is never closed");
        }
        if (out.size() == 0) {
            throw new RuleSyntaxException(from, "content is empty");
        }
        return out.toByteArray();
    }

    /** Whether the closing quote at {@code end} is itself escaped (an odd run of backslashes before it). */
    private static boolean escapedQuote(String v, int from, int end) {
        int n = 0;
        for (int k = end - 1; k > from && v.charAt(k) == '\\'; k--) {
            n++;
        }
        return n % 2 == 1;
    }
}
