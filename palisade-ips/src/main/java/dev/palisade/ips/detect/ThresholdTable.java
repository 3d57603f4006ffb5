package dev.palisade.ips.detect;

import dev.palisade.ips.rules.DetectionFilter;
import dev.palisade.ips.rules.Threshold;
import dev.palisade.ips.rules.Track;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The counters of {@code threshold} and {@code detection_filter}, per rule and track key
 * (source, destination, both, or the rule alone), in packet time. Bounded: at
 * {@link #MAX_ENTRIES} entries, expired ones are dropped, and if none has expired a new key is
 * not tracked and the match is let through (an attacker varying addresses could otherwise grow
 * the table without bound; letting through errs on the side of recording). An entry is created on
 * a rule match, never per packet.
 */
final class ThresholdTable {

    static final int MAX_ENTRIES = 65_536;

    private record Key(int rule, boolean filter, long a, long b) {
    }

    private static final class Window {
        long start;
        long count;
    }

    private final Map<Key, Window> windows = new HashMap<>();
    private long untracked;

    /** Whether a match of {@code rule} on {@code p} should alert, given its threshold and detection filter. */
    boolean allow(CompiledRule rule, PacketMeta p) {
        boolean ok = true;
        DetectionFilter df = rule.rule.detectionFilter().orElse(null);
        if (df != null) {
            Window w = window(rule.index, true, df.track(), p, df.seconds());
            if (w != null) {
                w.count++;
                ok = w.count > df.count();
            }
        }
        Threshold t = rule.rule.threshold().orElse(null);
        if (ok && t != null) {
            Window w = window(rule.index, false, t.track(), p, t.seconds());
            if (w != null) {
                w.count++;
                ok = switch (t.type()) {
                    case LIMIT -> w.count <= t.count();
                    case THRESHOLD -> {
                        if (w.count >= t.count()) {
                            w.count = 0;
                            yield true;
                        }
                        yield false;
                    }
                    case BOTH -> w.count == t.count();
                };
            }
        }
        return ok;
    }

    private Window window(int rule, boolean filter, Track track, PacketMeta p, long seconds) {
        long src = address(p.source, p.ipv6);
        long dst = address(p.destination, p.ipv6);
        Key key = switch (track) {
            case BY_SRC -> new Key(rule, filter, src, 0);
            case BY_DST -> new Key(rule, filter, dst, 0);
            case BY_BOTH -> new Key(rule, filter, Math.min(src, dst), Math.max(src, dst));
            case BY_RULE -> new Key(rule, filter, 0, 0);
        };
        long now = p.timeNanos;
        long span = seconds * 1_000_000_000L;
        Window w = windows.get(key);
        if (w == null) {
            if (windows.size() >= MAX_ENTRIES) {
                expire(now, span);
                if (windows.size() >= MAX_ENTRIES) {
                    untracked++;
                    return null;
                }
            }
            w = new Window();
            w.start = now;
            windows.put(key, w);
        } else if (now - w.start >= span) {
            w.start = now;
            w.count = 0;
        }
        return w;
    }

    private void expire(long now, long span) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
            if (now - it.next().start >= span) {
                it.remove();
            }
        }
    }

    private static long address(byte[] a, boolean v6) {
        if (!v6) {
            return Integer.toUnsignedLong(PacketMeta.v4(a));
        }
        long h = 1125899906842597L;
        for (byte b : a) {
            h = 31 * h + b;
        }
        return h | (1L << 63);
    }

    int size() {
        return windows.size();
    }

    long untracked() {
        return untracked;
    }

    void clear() {
        windows.clear();
    }
}
