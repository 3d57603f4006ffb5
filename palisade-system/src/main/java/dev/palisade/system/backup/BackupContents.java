package dev.palisade.system.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a backup holds: named files of the data directory with their bytes, unique by name. The
 * caller (the management service) chooses which files: the configuration document, certificates
 * and keys.
 */
public record BackupContents(List<BackupEntry> entries) {
    /**
     * What a gateway backup holds: the configuration document, the accounts (names, password hashes,
     * certificate bindings), the certificates and keys ({@code pki/}) and the central management
     * server's address and certificate ({@code central-management/}). Not the audit database
     * (audit records are never rolled back), the configuration history or the integrity pin.
     */
    public static final List<String> GATEWAY_FILES = List.of("config.json", "accounts.json", "pki", "central-management");

    public BackupContents {
        TreeMap<String, BackupEntry> byName = new TreeMap<>();
        long total = 0;
        for (BackupEntry e : entries) {
            if (byName.put(e.name(), e) != null) {
                throw new IllegalArgumentException("entry listed twice: " + e.name());
            }
            total += e.size();
        }
        if (byName.size() > BackupFormat.MAX_ENTRIES || total > BackupFormat.MAX_CONTENT_BYTES) {
            throw new IllegalArgumentException("backup contents exceed " + BackupFormat.MAX_ENTRIES + " files or "
                    + BackupFormat.MAX_CONTENT_BYTES + " bytes");
        }
        entries = List.copyOf(byName.values());
    }

    /**
     * Reads {@code names} (files, or directories taken recursively) from {@code dataDir}. A name that
     * does not exist is skipped: a gateway without an uploaded certificate still backs up.
     */
    public static BackupContents collect(Path dataDir, List<String> names) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        List<BackupEntry> entries = new ArrayList<>();
        for (String name : names) {
            String problem = BackupFormat.nameProblem(name);
            if (problem != null) {
                throw new IllegalArgumentException(problem + ": " + name);
            }
            Path start = root.resolve(name);
            if (Files.isRegularFile(start)) {
                entries.add(new BackupEntry(name, Files.readAllBytes(start)));
            } else if (Files.isDirectory(start)) {
                try (Stream<Path> walk = Files.walk(start)) {
                    for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                        if (Files.isRegularFile(p)) {
                            entries.add(new BackupEntry(root.relativize(p).toString(), Files.readAllBytes(p)));
                        }
                    }
                }
            }
        }
        return new BackupContents(entries);
    }
}
