package dev.palisade.audit.store;

import dev.palisade.audit.AuditLogKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The chain heads kept outside the database ({@code audit.db.head}), rewritten atomically at most
 * 50 ms after each commit and authenticated with the store's key: for each log the newest sequence and its
 * MAC, and the anchor (sequence and MAC of the last record overwritten). Someone who deletes the
 * newest records from the database, or the oldest ones together with the anchor, leaves the
 * database behind this file and verification says so. The file may lag the database by the
 * commits of the last 50 ms, never lead it, so verification accepts a head that the log has passed.
 *
 * <pre>
 *   palisade-audit-head/1
 *   firewall LAST_SEQ LAST_MAC_HEX ANCHOR_SEQ ANCHOR_MAC_HEX
 *   os       LAST_SEQ LAST_MAC_HEX ANCHOR_SEQ ANCHOR_MAC_HEX
 *   mac MAC_HEX
 * </pre>
 */
record HeadFile(Map<AuditLogKind, Entry> entries) {

    private static final String MAGIC = "palisade-audit-head/1";
    private static final HexFormat HEX = HexFormat.of();

    /** One log's head and anchor. */
    record Entry(long lastSequence, byte[] lastMac, long anchorSequence, byte[] anchorMac) {
    }

    HeadFile {
        entries = Map.copyOf(entries);
    }

    Entry of(AuditLogKind log) {
        return entries.get(log);
    }

    void write(Path file, ChainCodec codec) throws IOException {
        StringBuilder body = new StringBuilder(MAGIC).append('\n');
        for (AuditLogKind log : AuditLogKind.values()) {
            Entry e = entries.get(log);
            body.append(log.key()).append(' ').append(e.lastSequence).append(' ').append(HEX.formatHex(e.lastMac))
                    .append(' ').append(e.anchorSequence).append(' ').append(HEX.formatHex(e.anchorMac)).append('\n');
        }
        byte[] bodyBytes = body.toString().getBytes(StandardCharsets.US_ASCII);
        String text = body + "mac " + HEX.formatHex(codec.head(bodyBytes)) + "\n";
        AtomicFile.write(file, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads and authenticates the file; a missing, malformed or forged file is an {@link IOException} with the reason. */
    static HeadFile read(Path file, ChainCodec codec) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("the head file " + file + " is missing");
        }
        return parse(Files.readString(file, StandardCharsets.ISO_8859_1), codec, file.toString());
    }

    /** Parses and authenticates the file's text; anything else than a valid head file is an {@link IOException}. */
    static HeadFile parse(String text, ChainCodec codec, String file) throws IOException {
        int macLine = text.lastIndexOf("mac ");
        if (!text.startsWith(MAGIC + "\n") || macLine < 0 || !text.endsWith("\n")) {
            throw new IOException("the head file " + file + " is malformed");
        }
        String body = text.substring(0, macLine);
        byte[] mac;
        try {
            mac = HEX.parseHex(text.substring(macLine + 4, text.length() - 1));
        } catch (IllegalArgumentException e) {
            throw new IOException("the head file " + file + " is malformed", e);
        }
        if (!ChainCodec.same(mac, codec.head(body.getBytes(StandardCharsets.ISO_8859_1)))) {
            throw new IOException("the head file " + file + " does not carry the store's MAC (changed or from another key)");
        }
        Map<AuditLogKind, Entry> entries = new EnumMap<>(AuditLogKind.class);
        String[] lines = body.split("\n");
        try {
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(" ");
                AuditLogKind log = switch (f[0]) {
                    case "firewall" -> AuditLogKind.FIREWALL;
                    case "os" -> AuditLogKind.OPERATING_SYSTEM;
                    default -> throw new IllegalArgumentException("unknown log " + f[0]);
                };
                if (f.length != 5 || entries.containsKey(log)) {
                    throw new IllegalArgumentException("bad line " + i);
                }
                Entry e = new Entry(Long.parseLong(f[1]), HEX.parseHex(f[2]), Long.parseLong(f[3]), HEX.parseHex(f[4]));
                if (e.lastSequence < 0 || e.anchorSequence < 0 || e.anchorSequence > e.lastSequence
                        || e.lastMac.length != ChainCodec.MAC_LENGTH || e.anchorMac.length != ChainCodec.MAC_LENGTH) {
                    throw new IllegalArgumentException("bad values on line " + i);
                }
                entries.put(log, e);
            }
        } catch (RuntimeException e) {
            throw new IOException("the head file " + file + " is malformed", e);
        }
        if (entries.size() != AuditLogKind.values().length) {
            throw new IOException("the head file " + file + " does not name both logs");
        }
        return new HeadFile(entries);
    }
}
