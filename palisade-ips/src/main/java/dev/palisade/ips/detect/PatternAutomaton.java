package dev.palisade.ips.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over the fast patterns of one rule group, built once when rules are
 * compiled and then read-only. Patterns and input are folded to lower case (ASCII), so one pass
 * finds every pattern whatever its {@code nocase}; the exact comparison is left to the full
 * evaluation of the candidate rules, which only costs for the few rules whose pattern occurs.
 *
 * <p>Layout: a dense transition table {@code next[state * 256 + byte]} (goto and failure links
 * already folded in, so a step is one array read), and for each state the ids of the patterns
 * that end there, its failure chain's included, as a slice {@code outputs[outStart[s] ..
 * outStart[s + 1])}. Scanning allocates nothing.
 */
final class PatternAutomaton {

    private final int[] next;
    private final int[] outStart;
    private final int[] outputs;
    private final int patterns;

    private PatternAutomaton(int[] next, int[] outStart, int[] outputs, int patterns) {
        this.next = next;
        this.outStart = outStart;
        this.outputs = outputs;
        this.patterns = patterns;
    }

    /** Receives the id of each pattern found; may be called several times for the same id. */
    interface Hits {
        void hit(int pattern);
    }

    /** Builds the automaton of {@code patterns} (each at least one byte); pattern ids are list indexes. */
    static PatternAutomaton build(List<byte[]> patterns) {
        List<int[]> trans = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trans.add(filled());
        out.add(new ArrayList<>());
        for (int p = 0; p < patterns.size(); p++) {
            byte[] pat = patterns.get(p);
            if (pat.length == 0) {
                throw new IllegalArgumentException("empty pattern " + p);
            }
            int s = 0;
            for (byte b : pat) {
                int c = fold(b);
                if (trans.get(s)[c] < 0) {
                    trans.get(s)[c] = trans.size();
                    trans.add(filled());
                    out.add(new ArrayList<>());
                }
                s = trans.get(s)[c];
            }
            out.get(s).add(p);
        }
        int n = trans.size();
        int[] fail = new int[n];
        int[] next = new int[n * 256];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < 256; c++) {
            int t = trans.get(0)[c];
            if (t < 0) {
                next[c] = 0;
            } else {
                next[c] = t;
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < 256; c++) {
                int t = trans.get(s)[c];
                if (t < 0) {
                    next[s * 256 + c] = next[fail[s] * 256 + c];
                } else {
                    next[s * 256 + c] = t;
                    fail[t] = next[fail[s] * 256 + c];
                    queue.add(t);
                }
            }
        }
        int[] outStart = new int[n + 1];
        int total = 0;
        for (int s = 0; s < n; s++) {
            outStart[s] = total;
            total += out.get(s).size();
        }
        outStart[n] = total;
        int[] outputs = new int[total];
        for (int s = 0; s < n; s++) {
            int k = outStart[s];
            for (int id : out.get(s)) {
                outputs[k++] = id;
            }
        }
        return new PatternAutomaton(next, outStart, outputs, patterns.size());
    }

    private static int[] filled() {
        int[] a = new int[256];
        Arrays.fill(a, -1);
        return a;
    }

    static int fold(byte b) {
        int c = b & 0xFF;
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    int patternCount() {
        return patterns;
    }

    int states() {
        return outStart.length - 1;
    }

    /** Reports every pattern occurring in {@code buf[off, off + len)}. */
    void scan(byte[] buf, int off, int len, Hits hits) {
        int s = 0;
        int[] nx = next;
        int end = off + len;
        for (int i = off; i < end; i++) {
            s = nx[(s << 8) | fold(buf[i])];
            int a = outStart[s];
            int b = outStart[s + 1];
            for (int k = a; k < b; k++) {
                hits.hit(outputs[k]);
            }
        }
    }
}
