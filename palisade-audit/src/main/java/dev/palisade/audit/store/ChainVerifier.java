package dev.palisade.audit.store;

import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.store.ChainReport.Break;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks one log's chain from its anchor to its head inside one read snapshot, recomputing every
 * MAC, then compares the end with the chain state and the head file. At the first MAC that does
 * not match it looks at the records around it to say what happened: a record changed in place
 * (the next record still links to its stored MAC), inserted (the next record links to the one
 * before it), removed with the rest renumbered (the next record links to it with a shifted
 * sequence), or moved (it links under another sequence after another record).
 */
final class ChainVerifier {

    /** How far around a broken record the classification looks for where a record came from. */
    private static final int WINDOW = 16;

    private final Path file;
    private final Path headFile;
    private final ChainCodec codec;
    private final AuditLogKind log;

    /** One stored record as the chain sees it. */
    private record Row(long seq, long time, String event, String subject, String text, byte[] mac) {
    }

    ChainVerifier(Path file, Path headFile, byte[] key, AuditLogKind log) {
        this.file = file;
        this.headFile = headFile;
        this.codec = new ChainCodec(key);
        this.log = log;
    }

    ChainReport verify() {
        // The head file first: it is written after each commit, so the snapshot taken next is at least as new.
        HeadFile head;
        try {
            head = HeadFile.read(headFile, codec);
        } catch (IOException e) {
            return new ChainReport(log, Break.INCONSISTENT, 0, 0, 0, 0, e.getMessage());
        }
        try (Connection c = AuditStore.readConnection(file)) {
            c.setAutoCommit(false);
            try {
                return walk(c, head.of(log));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    private ChainReport walk(Connection c, HeadFile.Entry head) throws SQLException {
        long nextSeq = 1;
        long anchorSeq = 0;
        byte[] anchorMac = codec.genesis(log);
        byte[] headMac = anchorMac;
        try (PreparedStatement ps = c.prepareStatement("SELECT next_seq, anchor_seq, anchor_mac, head_mac FROM audit_chain WHERE log = ?")) {
            ps.setString(1, log.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    nextSeq = rs.getLong(1);
                    anchorSeq = rs.getLong(2);
                    anchorMac = rs.getBytes(3);
                    headMac = rs.getBytes(4);
                }
            }
        }
        long expected = anchorSeq + 1;
        byte[] prev = anchorMac;
        long checked = 0;
        long first = 0;
        long last = 0;
        byte[] macAtHead = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, time_us, event, subject, text, mac FROM audit_record WHERE log = ? ORDER BY seq")) {
            ps.setString(1, log.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    if (first == 0) {
                        first = row.seq;
                    }
                    last = row.seq;
                    if (row.seq < expected) {
                        return new ChainReport(log, Break.INSERTED, row.seq, checked, first, last, "record " + row.seq
                                + " lies before the chain's anchor " + anchorSeq + ": it was not written by the store");
                    }
                    if (row.seq > expected) {
                        return new ChainReport(log, Break.DELETED, expected, checked, first, last, (row.seq - expected == 1
                                ? "record " + expected + " is missing" : "records " + expected + ".." + (row.seq - 1) + " are missing"));
                    }
                    if (!ChainCodec.same(link(prev, row, row.seq), row.mac)) {
                        return classify(c, row, prev, nextSeq, checked, first);
                    }
                    if (head != null && row.seq == head.lastSequence()) {
                        macAtHead = row.mac;
                    }
                    prev = row.mac;
                    expected++;
                    checked++;
                }
            }
        }
        long newest = expected - 1;
        if (newest < nextSeq - 1) {
            return new ChainReport(log, Break.TRUNCATED, expected, checked, first, last, "the log ends at " + newest
                    + " but the store had written up to " + (nextSeq - 1) + ": the newest records were removed");
        }
        if (newest > nextSeq - 1) {
            return new ChainReport(log, Break.INCONSISTENT, nextSeq, checked, first, last, "records after " + (nextSeq - 1)
                    + " were not written through the store (its chain state ends there)");
        }
        if (!ChainCodec.same(prev, headMac)) {
            return new ChainReport(log, Break.INCONSISTENT, newest, checked, first, last,
                    "the chain state's head MAC differs from the newest record's");
        }
        if (head != null) {
            ChainReport r = checkHead(head, newest, anchorSeq, anchorMac, macAtHead, checked, first, last);
            if (r != null) {
                return r;
            }
        }
        String range = checked == 0 ? "empty" : "records " + first + ".." + last;
        return new ChainReport(log, null, 0, checked, first, last, range + ", " + checked + " MACs checked"
                + (anchorSeq > 0 ? ", anchored after overwritten record " + anchorSeq : ""));
    }

    /** The database against the authenticated head file (which may lag the database, never lead it). */
    private ChainReport checkHead(HeadFile.Entry head, long newest, long anchorSeq, byte[] anchorMac, byte[] macAtHead,
            long checked, long first, long last) {
        if (head.lastSequence() > newest) {
            return new ChainReport(log, Break.TRUNCATED, newest + 1, checked, first, last, "the head file records that the log reached "
                    + head.lastSequence() + " but it ends at " + newest + ": the newest records were removed");
        }
        if (head.lastSequence() > anchorSeq && !ChainCodec.same(macAtHead, head.lastMac())) {
            return new ChainReport(log, Break.INCONSISTENT, head.lastSequence(), checked, first, last, "record "
                    + head.lastSequence() + " is not the one the head file records: the chain was rewritten");
        }
        if (head.lastSequence() == anchorSeq && anchorSeq > 0 && !ChainCodec.same(anchorMac, head.lastMac())) {
            return new ChainReport(log, Break.INCONSISTENT, anchorSeq, checked, first, last,
                    "the chain's anchor is not the record the head file records: the chain was rewritten");
        }
        if (head.anchorSequence() > anchorSeq) {
            return new ChainReport(log, Break.INCONSISTENT, anchorSeq + 1, checked, first, last, "the head file's anchor "
                    + head.anchorSequence() + " is ahead of the database's " + anchorSeq + ": overwritten records came back");
        }
        if (head.anchorSequence() == anchorSeq && !ChainCodec.same(head.anchorMac(), anchorMac)) {
            return new ChainReport(log, Break.INCONSISTENT, anchorSeq, checked, first, last,
                    "the chain's anchor differs from the head file's: the chain was rewritten");
        }
        if (head.anchorSequence() < anchorSeq && head.lastSequence() == newest) {
            return new ChainReport(log, Break.DELETED, head.anchorSequence() + 1, checked, first, last, "records "
                    + (head.anchorSequence() + 1) + ".." + anchorSeq + " were removed and the anchor moved, but the store "
                    + "wrote nothing that would overwrite them");
        }
        return null;
    }

    private ChainReport classify(Connection c, Row row, byte[] prev, long nextSeq, long checked, long first) throws SQLException {
        long s = row.seq;
        List<Row> window = window(c, s);
        Row next = null;
        List<byte[]> prevs = new ArrayList<>();
        prevs.add(prev);
        for (Row w : window) {
            if (w.seq == s + 1) {
                next = w;
            }
            if (w.seq != s) {
                prevs.add(w.mac);
            }
        }
        long last = window.isEmpty() ? s : window.getLast().seq;
        for (long t = Math.max(1, s - WINDOW); t <= s + WINDOW; t++) {
            for (int i = 0; i < prevs.size(); i++) {
                if (ChainCodec.same(link(prevs.get(i), row, t), row.mac)) {
                    if (i == 0 && t > s) {
                        return new ChainReport(log, Break.DELETED, s, checked, first, last, "record " + s + " was written as record " + t
                                + ": " + (t - s) + " record(s) before it were removed and the rest renumbered");
                    }
                    if (i == 0 && t < s) {
                        return new ChainReport(log, Break.INSERTED, s, checked, first, last, "record " + s + " was written as record " + t
                                + ": " + (s - t) + " record(s) were inserted before it and the rest renumbered");
                    }
                    return new ChainReport(log, Break.REORDERED, s, checked, first, last, "record " + s + " was written as record " + t
                            + " after another record than the one now before it: records were reordered");
                }
            }
        }
        if (next != null && ChainCodec.same(link(row.mac, next, next.seq), next.mac)) {
            return new ChainReport(log, Break.MODIFIED, s, checked, first, last,
                    "record " + s + " was changed: its fields no longer match its MAC, which the next record still links to");
        }
        if (next != null && ChainCodec.same(link(prev, next, s), next.mac)) {
            return new ChainReport(log, Break.INSERTED, s, checked, first, last, "record " + s
                    + " is not part of the chain: the record after it was written as " + s + " (the rest was renumbered)");
        }
        if (next != null) {
            for (long d = -WINDOW; d <= WINDOW; d++) {
                if (d != 0 && ChainCodec.same(link(row.mac, next, next.seq + d), next.mac)) {
                    return d > 0
                            ? new ChainReport(log, Break.DELETED, s, checked, first, last, d + " record(s) before record " + s
                                    + " were removed and the rest renumbered")
                            : new ChainReport(log, Break.INSERTED, s, checked, first, last, (-d) + " record(s) were inserted before record "
                                    + s + " and the rest renumbered");
                }
            }
        }
        if (s >= nextSeq) {
            return new ChainReport(log, Break.INSERTED, s, checked, first, last, "record " + s
                    + " lies beyond the newest record the store wrote (" + (nextSeq - 1) + ")");
        }
        return new ChainReport(log, Break.MODIFIED, s, checked, first, last, "record " + s + " does not match its MAC");
    }

    private List<Row> window(Connection c, long s) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, time_us, event, subject, text, mac FROM audit_record WHERE log = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
            ps.setString(1, log.key());
            ps.setLong(2, s - WINDOW);
            ps.setLong(3, s + WINDOW);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private byte[] link(byte[] prev, Row row, long seq) {
        return codec.link(prev, log, seq, row.time, row.event, row.subject, row.text);
    }

    private static Row row(ResultSet rs) throws SQLException {
        byte[] mac = rs.getBytes(6);
        return new Row(rs.getLong(1), rs.getLong(2), nonNull(rs.getString(3)), nonNull(rs.getString(4)), nonNull(rs.getString(5)),
                mac == null ? new byte[0] : mac);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
