package dev.palisade.management.history;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts as a list of lines prefixed {@code " "} (kept), {@code "-"} (only in the
 * old text) or {@code "+"} (only in the new one). The common head and tail are split off first, so
 * the usual small edit of a large document costs little; the longest-common-subsequence table is
 * then built over the changed middle only, and refused above {@link #MAX_CELLS} cells.
 */
public final class LineDiff {

    /** Largest LCS table (lines x lines) computed: 16 M cells of 4 bytes. */
    public static final long MAX_CELLS = 16L * 1024 * 1024;

    private LineDiff() {
    }

    public static List<String> diff(String oldText, String newText) {
        String[] a = oldText.split("\n", -1);
        String[] b = newText.split("\n", -1);
        int head = 0;
        while (head < a.length && head < b.length && a[head].equals(b[head])) {
            head++;
        }
        int tail = 0;
        while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
            tail++;
        }
        int n = a.length - head - tail;
        int m = b.length - head - tail;
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            throw new IllegalArgumentException("the versions differ in too many lines to compare (" + n + " and " + m + ")");
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[head + i].equals(b[head + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < head; k++) {
            out.add(" " + a[k]);
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i].equals(b[head + j])) {
                out.add(" " + a[head + i]);
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+" + b[head + j]);
                j++;
            } else {
                out.add("-" + a[head + i]);
                i++;
            }
        }
        for (int k = a.length - tail; k < a.length; k++) {
            out.add(" " + a[k]);
        }
        return out;
    }
}
