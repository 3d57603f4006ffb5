package dev.palisade.ips.detect;

import com.google.re2j.Matcher;
import dev.palisade.ips.rules.ByteJump;
import dev.palisade.ips.rules.ByteTest;
import dev.palisade.ips.rules.ContentMatch;
import dev.palisade.ips.rules.IsDataAt;
import dev.palisade.ips.rules.NumberFormat;
import dev.palisade.ips.rules.PayloadMatch;
import dev.palisade.ips.rules.PcreMatch;
import dev.palisade.ips.rules.SizeMatch;

/**
 * Evaluates the inspection steps of one rule over one buffer, as Suricata's content inspection
 * does: absolute windows ({@code offset}/{@code depth}, {@code startswith}, {@code endswith}),
 * relative ones after the previous step ({@code distance}/{@code within}), negation, and
 * backtracking: when a later relative step fails, an earlier content is tried at its next
 * occurrence. Backtracking is bounded by {@link #BUDGET} steps per evaluation (Suricata bounds its
 * recursion too), so a hostile buffer cannot make a rule cost more than that.
 *
 * <p>Contents are compared without allocation; {@code pcre} runs RE2/J (linear time) over the
 * bytes seen as ISO-8859-1 characters. Not thread-safe: one per matcher thread.
 */
final class PayloadEvaluator {

    /** Steps one evaluation may take, counting every content occurrence tried. */
    static final int BUDGET = 3000;

    private final ByteChars chars = new ByteChars();
    private int budget;

    /** Whether all {@code steps} hold over {@code buf[off, off + len)}. */
    boolean matches(CompiledStep[] steps, byte[] buf, int off, int len) {
        budget = BUDGET;
        return from(steps, 0, buf, off, len, 0);
    }

    private boolean from(CompiledStep[] steps, int i, byte[] buf, int off, int len, int prevEnd) {
        if (i == steps.length) {
            return true;
        }
        if (--budget < 0) {
            return false;
        }
        CompiledStep st = steps[i];
        PayloadMatch m = st.match;
        if (m instanceof ContentMatch c) {
            return content(steps, i, st, c, buf, off, len, prevEnd);
        }
        if (m instanceof PcreMatch p) {
            int start = p.relative() ? prevEnd : 0;
            if (start < 0 || start > len) {
                return p.negated() && from(steps, i + 1, buf, off, len, prevEnd);
            }
            chars.wrap(buf, off + start, len - start);
            Matcher mt = p.pattern().matcher(chars);
            boolean found = p.anchored() ? mt.lookingAt() : mt.find();
            if (p.negated()) {
                return !found && from(steps, i + 1, buf, off, len, prevEnd);
            }
            return found && from(steps, i + 1, buf, off, len, start + mt.end());
        }
        if (m instanceof ByteTest t) {
            int at = (t.relative() ? prevEnd : 0) + t.offset();
            long v = read(buf, off, len, at, t.bytes(), t.format());
            if (v == Long.MIN_VALUE) {
                return false;
            }
            if (t.bitmask() != 0) {
                v &= t.bitmask();
                v >>>= Long.numberOfTrailingZeros(t.bitmask());
            }
            boolean ok = switch (t.operator()) {
                case LESS -> v < t.value();
                case GREATER -> v > t.value();
                case EQUAL -> v == t.value();
                case LESS_OR_EQUAL -> v <= t.value();
                case GREATER_OR_EQUAL -> v >= t.value();
                case AND -> (v & t.value()) != 0;
                case XOR -> (v ^ t.value()) != 0;
            };
            return ok != t.negated() && from(steps, i + 1, buf, off, len, prevEnd);
        }
        if (m instanceof ByteJump j) {
            int at = (j.relative() ? prevEnd : 0) + j.offset();
            long v = read(buf, off, len, at, j.bytes(), j.format());
            if (v == Long.MIN_VALUE) {
                return false;
            }
            if (j.bitmask() != 0) {
                v &= j.bitmask();
                v >>>= Long.numberOfTrailingZeros(j.bitmask());
            }
            v *= Math.max(1, j.multiplier());
            if (j.align()) {
                v = (v + 3) & ~3L;
            }
            long base = j.fromBeginning() ? 0 : j.fromEnd() ? len : at + j.bytes();
            long pos = base + v + j.postOffset();
            if (pos < 0 || pos > len) {
                return false;
            }
            return from(steps, i + 1, buf, off, len, (int) pos);
        }
        if (m instanceof IsDataAt d) {
            // Suricata: absolute, a byte exists at the offset; relative, that many bytes remain after the match.
            long at = (d.relative() ? prevEnd : 0) + (long) d.offset();
            boolean has = at >= 0 && (d.relative() ? at <= len : at < len);
            return has != d.negated() && from(steps, i + 1, buf, off, len, prevEnd);
        }
        if (m instanceof SizeMatch s) {
            return s.test(len) && from(steps, i + 1, buf, off, len, prevEnd);
        }
        return false;
    }

    private boolean content(CompiledStep[] steps, int i, CompiledStep st, ContentMatch c, byte[] buf, int off,
            int len, int prevEnd) {
        byte[] pat = st.pattern;
        int start;
        long limit;
        if (c.relative()) {
            start = prevEnd + c.distance().orElse(0);
            limit = c.within().isPresent() ? (long) start + c.within().getAsInt() : len;
        } else {
            start = c.offset().orElse(0);
            limit = c.depth().isPresent() ? (long) start + c.depth().getAsInt() : len;
        }
        if (c.startsWith()) {
            limit = Math.min(limit, (long) start + pat.length);
        }
        if (start < 0) {
            start = 0;
        }
        int end = (int) Math.min(limit, len);
        boolean negated = c.negated();
        if (c.endsWith()) {
            int at = len - pat.length;
            boolean found = at >= start && len <= end && equalAt(buf, off + at, pat, c.nocase());
            if (negated) {
                return !found && from(steps, i + 1, buf, off, len, prevEnd);
            }
            return found && from(steps, i + 1, buf, off, len, len);
        }
        if (negated) {
            return indexOf(buf, off, start, end, pat, c.nocase()) < 0 && from(steps, i + 1, buf, off, len, prevEnd);
        }
        int from = start;
        while (true) {
            int at = indexOf(buf, off, from, end, pat, c.nocase());
            if (at < 0) {
                return false;
            }
            if (from(steps, i + 1, buf, off, len, at + pat.length)) {
                return true;
            }
            // Only a later relative step can make another occurrence succeed.
            if (!st.laterRelative || --budget < 0) {
                return false;
            }
            from = at + 1;
        }
    }

    /** First position in [from, end - pat.length] where pat occurs in buf (positions relative to off), or -1. */
    static int indexOf(byte[] buf, int off, int from, int end, byte[] pat, boolean nocase) {
        int last = end - pat.length;
        if (pat.length == 0) {
            return from <= end ? from : -1;
        }
        byte first = pat[0];
        for (int p = from; p <= last; p++) {
            byte b = buf[off + p];
            if (nocase ? PatternAutomaton.fold(b) != PatternAutomaton.fold(first) : b != first) {
                continue;
            }
            if (equalAt(buf, off + p, pat, nocase)) {
                return p;
            }
        }
        return -1;
    }

    static boolean equalAt(byte[] buf, int at, byte[] pat, boolean nocase) {
        if (at < 0 || at + pat.length > buf.length) {
            return false;
        }
        for (int k = 0; k < pat.length; k++) {
            byte a = buf[at + k];
            byte b = pat[k];
            if (a != b && (!nocase || PatternAutomaton.fold(a) != PatternAutomaton.fold(b))) {
                return false;
            }
        }
        return true;
    }

    /** The number at {@code at} (relative to off) or Long.MIN_VALUE when it is out of the buffer or not a number. */
    static long read(byte[] buf, int off, int len, int at, int bytes, NumberFormat format) {
        if (at < 0 || bytes <= 0 || (long) at + bytes > len) {
            return Long.MIN_VALUE;
        }
        int p = off + at;
        switch (format) {
            case BIG_ENDIAN, DCE -> {
                long v = 0;
                for (int k = 0; k < bytes; k++) {
                    v = (v << 8) | (buf[p + k] & 0xFF);
                }
                return v;
            }
            case LITTLE_ENDIAN -> {
                long v = 0;
                for (int k = bytes - 1; k >= 0; k--) {
                    v = (v << 8) | (buf[p + k] & 0xFF);
                }
                return v;
            }
            default -> {
                int radix = format == NumberFormat.STRING_OCT ? 8 : format == NumberFormat.STRING_HEX ? 16 : 10;
                long v = 0;
                int digits = 0;
                for (int k = 0; k < bytes; k++) {
                    int d = Character.digit((char) (buf[p + k] & 0xFF), radix);
                    if (d < 0) {
                        break;
                    }
                    v = v * radix + d;
                    digits++;
                    if (v > Integer.MAX_VALUE * 1024L) {
                        return Long.MIN_VALUE;
                    }
                }
                return digits == 0 ? Long.MIN_VALUE : v;
            }
        }
    }

    /** A byte range seen as ISO-8859-1 characters, for RE2/J; re-pointed, not re-allocated. */
    static final class ByteChars implements CharSequence {
        private byte[] buf = new byte[0];
        private int off;
        private int len;

        void wrap(byte[] b, int o, int l) {
            buf = b;
            off = o;
            len = l;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(int index) {
            return (char) (buf[off + index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            ByteChars c = new ByteChars();
            c.wrap(buf, off + start, end - start);
            return c;
        }

        @Override
        public String toString() {
            return new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
