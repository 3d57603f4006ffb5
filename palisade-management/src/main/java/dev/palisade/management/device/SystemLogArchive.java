package dev.palisade.management.device;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.AuditTrail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The system log archive of Settings &gt; Diagnostics ({@code log_files.tar.gz}): every regular file
 * of the service's log directory ({@code <data>/log}, each cut to its newest {@link #MAX_FILE_BYTES}),
 * both audit logs as CSV ({@code audit/firewall.csv}, {@code audit/os.csv}) and the troubleshooting
 * report ({@code troubleshooting.json}), under one top directory {@code log_files/}. Built in memory
 * (everything in it is bounded) so a failure half-way sends nothing.
 *
 * <p>Audit: the audit store records its own export event per log ("Log export" in the firewall log
 * for the firewall CSV, "admin: Log export" in the OS log for the OS CSV); the OS log's CSV is written
 * last, so its event stands for the whole archive. A failure before that records "admin: Log export
 * error" here; a failure of either CSV export is recorded by the store.
 */
public final class SystemLogArchive {

    /** The file name the spec gives the download. */
    public static final String FILE_NAME = "log_files.tar.gz";
    /** Newest bytes kept of each log file. */
    public static final int MAX_FILE_BYTES = 8 * 1024 * 1024;
    /** Log files taken at most (newest names last in sort order are still taken: sorted by name). */
    public static final int MAX_FILES = 32;
    private static final String TOP = "log_files/";

    private final Path logDirectory;
    private final AuditStore auditStore;
    private final AuditTrail audit;

    public SystemLogArchive(Path logDirectory, AuditStore auditStore, AuditTrail audit) {
        this.logDirectory = logDirectory;
        this.auditStore = auditStore;
        this.audit = audit;
    }

    /** The archive's bytes, exported by {@code actor}; {@code troubleshooting} is the report as JSON. */
    public byte[] build(String actor, byte[] troubleshooting, Instant now) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            try {
                for (Path file : logFiles()) {
                    add(tar, "log/" + file.getFileName(), tail(file), now);
                }
                add(tar, "troubleshooting.json", troubleshooting, now);
            } catch (IOException | RuntimeException e) {
                audit.record(AuditEventType.SYSTEM_LOG_EXPORT_ERROR, actor, Map.of());
                throw e;
            }
            add(tar, "audit/firewall.csv", csv(AuditLogKind.FIREWALL, actor), now);
            add(tar, "audit/os.csv", csv(AuditLogKind.OPERATING_SYSTEM, actor), now);
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private byte[] csv(AuditLogKind log, String actor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        auditStore.exportCsv(AuditQuery.of(log), out, actor);
        return out.toByteArray();
    }

    /** Regular files (not links) directly in the log directory, by name. */
    List<Path> logFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(logDirectory, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(logDirectory)) {
            for (Path p : dir) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && p.getFileName().toString().matches("[A-Za-z0-9._-]{1,100}")) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files.size() > MAX_FILES ? files.subList(files.size() - MAX_FILES, files.size()) : files;
    }

    /** The newest {@link #MAX_FILE_BYTES} of {@code file} (a log grows at its end). */
    static byte[] tail(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            int n = (int) Math.min(size, MAX_FILE_BYTES);
            ch.position(size - n);
            ByteBuffer buffer = ByteBuffer.allocate(n);
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // read until full or the file shrank
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] data, Instant now) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(TOP + name);
        entry.setSize(data.length);
        entry.setModTime(now.toEpochMilli());
        entry.setMode(0640);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
