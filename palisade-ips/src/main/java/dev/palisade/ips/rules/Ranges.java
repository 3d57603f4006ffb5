package dev.palisade.ips.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Set algebra over closed intervals of non-negative longs, kept as a sorted array
 * {@code [lo0, hi0, lo1, hi1, ...]} of disjoint, non-adjacent intervals. Address and port groups
 * evaluate their lists, negations and variables into one such array once, at parse time, so a
 * lookup is a binary search with no allocation.
 */
final class Ranges {

    static final long[] EMPTY = new long[0];

    private Ranges() {
    }

    static long[] of(long lo, long hi) {
        return new long[] {lo, hi};
    }

    static long[] union(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < a.length; i += 2) {
            all.add(new long[] {a[i], a[i + 1]});
        }
        for (int i = 0; i < b.length; i += 2) {
            all.add(new long[] {b[i], b[i + 1]});
        }
        all.sort((x, y) -> Long.compare(x[0], y[0]));
        long[] out = new long[all.size() * 2];
        int n = 0;
        for (long[] r : all) {
            if (n > 0 && r[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], r[1]);
            } else {
                out[n++] = r[0];
                out[n++] = r[1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    static long[] complement(long[] a, long max) {
        long[] out = new long[a.length + 2];
        int n = 0;
        long next = 0;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i] > next) {
                out[n++] = next;
                out[n++] = a[i] - 1;
            }
            next = a[i + 1] + 1;
        }
        if (next <= max) {
            out[n++] = next;
            out[n++] = max;
        }
        return Arrays.copyOf(out, n);
    }

    static long[] subtract(long[] a, long[] b, long max) {
        return intersect(a, complement(b, max));
    }

    static long[] intersect(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long lo = Math.max(a[i], b[j]);
            long hi = Math.min(a[i + 1], b[j + 1]);
            if (lo <= hi) {
                out[n++] = lo;
                out[n++] = hi;
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return Arrays.copyOf(out, n);
    }

    static boolean contains(long[] ranges, long v) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (v > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
