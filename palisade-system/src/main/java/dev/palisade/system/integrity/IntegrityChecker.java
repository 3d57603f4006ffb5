package dev.palisade.system.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compares the files of an installation with its signed manifest. Every file the manifest lists is
 * digested and reported verified, changed or deleted; every file found in a section's included
 * directories but not listed is reported as not in the database. A manifest that is missing or does
 * not verify against the pinned key yields a single "Package integrity violation!" line.
 */
public final class IntegrityChecker {
    private final Clock clock;

    public IntegrityChecker(Clock clock) {
        this.clock = clock;
    }

    /**
     * Checks an installation against its manifest with the key pinned in its data directory; a
     * missing or malformed pin is a package violation (nothing can be trusted without it).
     */
    public IntegrityResult check(InstallationLayout layout) {
        PublicKey trusted;
        try {
            trusted = IntegrityKeys.pinned(layout.dataDir());
        } catch (IntegrityKeyException e) {
            return packageViolation(layout.manifest(), e.getMessage());
        }
        return check(layout.sections(), layout.manifest(), trusted);
    }

    /** Checks {@code sections} against the manifest at {@code manifestFile}, trusting only {@code trusted}. */
    public IntegrityResult check(List<IntegritySection> sections, Path manifestFile, PublicKey trusted) {
        IntegrityManifest manifest;
        try {
            manifest = IntegrityManifest.read(manifestFile, trusted);
        } catch (ManifestException e) {
            return packageViolation(manifestFile, e.getMessage());
        }
        Map<String, IntegritySection> byName = new HashMap<>();
        for (IntegritySection s : sections) {
            byName.put(s.name(), s);
        }
        for (ManifestEntry e : manifest.entries()) {
            if (!byName.containsKey(e.section())) {
                return packageViolation(manifestFile, "manifest lists section '" + e.section() + "' that this installation does not have");
            }
        }
        List<FileCheck> checks = new ArrayList<>();
        for (IntegritySection section : sections) {
            TreeMap<String, ManifestEntry> listed = new TreeMap<>();
            manifest.entries().stream().filter(e -> e.section().equals(section.name())).forEach(e -> listed.put(e.path(), e));
            TreeMap<String, Path> present;
            try {
                present = IntegrityManifest.filesOf(section);
            } catch (IOException e) {
                return packageViolation(manifestFile, "cannot list section " + section.name() + ": " + e.getMessage());
            }
            TreeMap<String, Boolean> all = new TreeMap<>();
            listed.keySet().forEach(p -> all.put(p, true));
            present.keySet().forEach(p -> all.putIfAbsent(p, false));
            for (String path : all.keySet()) {
                checks.add(checkOne(section, path, listed.get(path)));
            }
        }
        return new IntegrityResult(checks, Optional.empty());
    }

    private FileCheck checkOne(IntegritySection section, String path, ManifestEntry reference) {
        Path file = section.root().resolve(path);
        String shown = file.toString();
        String calculated;
        try {
            calculated = Files.isRegularFile(file) ? Digests.of(file) : null;
        } catch (IOException e) {
            calculated = null; // unreadable counts as gone: it cannot be shown to be intact
        }
        Instant at = now();
        if (reference == null) {
            return new FileCheck(section.name(), shown, at, Digests.ZEROS,
                    calculated == null ? Digests.ZEROS : calculated, IntegrityStatus.NOT_IN_DATABASE);
        }
        if (calculated == null) {
            return new FileCheck(section.name(), shown, at, reference.sha256(), Digests.ZEROS, IntegrityStatus.DELETED_OR_MOVED);
        }
        IntegrityStatus status = java.security.MessageDigest.isEqual(
                calculated.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                reference.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                ? IntegrityStatus.VERIFIED : IntegrityStatus.CONTENT_CHANGED;
        return new FileCheck(section.name(), shown, at, reference.sha256(), calculated, status);
    }

    private IntegrityResult packageViolation(Path manifestFile, String problem) {
        String calculated = Digests.ZEROS;
        try {
            if (Files.isRegularFile(manifestFile)) {
                calculated = Digests.of(manifestFile);
            }
        } catch (IOException ignored) {
            // the problem message already says why the manifest is unusable
        }
        FileCheck line = new FileCheck("manifest", manifestFile.toAbsolutePath().toString(), now(), Digests.ZEROS,
                calculated, IntegrityStatus.PACKAGE_VIOLATION);
        return new IntegrityResult(List.of(line), Optional.of(problem));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
