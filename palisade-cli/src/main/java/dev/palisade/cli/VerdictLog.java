package dev.palisade.cli;

import dev.palisade.engine.Decision;
import dev.palisade.policy.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one JSON line per input packet, in input order. A fragment held for reassembly has no
 * verdict yet; its line waits until the datagram is decided, and so do the lines after it, so
 * the file always lists packets in order.
 */
final class VerdictLog {

    private final Writer out;
    private final StringBuilder line = new StringBuilder(160);
    private final ArrayDeque<Long> pendingOrder = new ArrayDeque<>();
    private final Map<Long, Decision> pending = new HashMap<>();

    VerdictLog(Writer out) {
        this.out = out;
    }

    /** Records the decision for packet {@code index} (1-based); HELD decisions wait. */
    void record(long index, Decision d) throws IOException {
        if (d.verdict() == Verdict.HELD) {
            pendingOrder.add(index);
            pending.put(index, null);
            return;
        }
        if (pendingOrder.isEmpty()) {
            write(index, d, false);
        } else {
            pendingOrder.add(index);
            pending.put(index, d.copy());
        }
    }

    /** The late decision for a held fragment. */
    void resolve(long index, Decision d) throws IOException {
        if (pending.containsKey(index)) {
            Decision copy = d.copy();
            copy.markFragment();
            pending.put(index, copy);
        }
        drain();
    }

    private void drain() throws IOException {
        while (!pendingOrder.isEmpty()) {
            Decision d = pending.get(pendingOrder.peekFirst());
            if (d == null) {
                return;
            }
            long index = pendingOrder.pollFirst();
            pending.remove(index);
            write(index, d, d.isFragment());
        }
    }

    /** Writes what is left; every held fragment has been resolved by then. */
    void finish() throws IOException {
        drain();
        if (!pendingOrder.isEmpty()) {
            throw new IllegalStateException(pendingOrder.size() + " packets never got a verdict");
        }
        out.flush();
    }

    private void write(long index, Decision d, boolean fragment) throws IOException {
        StringBuilder b = line;
        b.setLength(0);
        b.append("{\"index\": ").append(index)
                .append(", \"verdict\": \"").append(d.verdict().key())
                .append("\", \"stage\": \"").append(d.stage().key())
                .append("\", \"rule\": ");
        if (d.rule() >= 0) {
            b.append(d.rule());
        } else {
            b.append("null");
        }
        b.append(", \"egress\": ");
        String egress = d.egressKey();
        if (egress == null) {
            b.append("null");
        } else {
            b.append('"').append(egress).append('"');
        }
        if (d.sid() != 0) {
            b.append(", \"sid\": ").append(d.sid());
        }
        if (d.reason() != null) {
            // Reasons are fixed identifiers, except an IPS rule's message (ips-block): escaped.
            b.append(", \"reason\": \"");
            appendEscaped(b, d.reason());
            b.append('"');
        }
        if (fragment) {
            b.append(", \"fragment\": true");
        }
        if (d.fragments() > 0) {
            b.append(", \"fragments\": ").append(d.fragments());
        }
        b.append("}\n");
        out.append(b);
    }

    private static void appendEscaped(StringBuilder b, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
    }
}
