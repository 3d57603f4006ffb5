package dev.palisade.system.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityCheckerTest {
    @TempDir
    Path tmp;

    Installation inst;
    KeyPair key;
    IntegrityChecker checker = new IntegrityChecker(Clock.fixed(Instant.parse("2026-11-25T20:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void build() throws IOException {
        inst = new Installation(tmp);
        key = Installation.newKey();
        IntegrityManifest.build(inst.layout.sections(), key, inst.layout.manifest());
    }

    private IntegrityResult check() {
        return checker.check(inst.layout.sections(), inst.layout.manifest(), key.getPublic());
    }

    private static Map<String, IntegrityStatus> statuses(IntegrityResult result) {
        return result.files().stream().collect(Collectors.toMap(FileCheck::path, FileCheck::status));
    }

    @Test
    void freshInstallationIsIntact() {
        IntegrityResult result = check();
        assertThat(result.intact()).isTrue();
        assertThat(result.applicationsViolated()).isFalse();
        assertThat(result.files()).hasSize(5).allMatch(f -> f.reference().equals(f.calculated()));
        assertThat(statuses(result)).containsKey(inst.dist.resolve("palisade-cli/target/palisade.jar").toString())
                .doesNotContainKey(inst.data.resolve("config.json").toString());
    }

    @Test
    void tamperedJarIsContentChangedInSystemOnly() throws IOException {
        Path jar = inst.dist.resolve("palisade-cli/target/palisade.jar");
        Files.writeString(jar, "PK jar bytes, patched");
        IntegrityResult result = check();
        assertThat(statuses(result)).containsEntry(jar.toString(), IntegrityStatus.CONTENT_CHANGED);
        assertThat(result.violations()).hasSize(1);
        assertThat(result.violatedIn(IntegritySection.SYSTEM)).isTrue();
        assertThat(result.applicationsViolated()).isFalse();
        FileCheck line = result.violations().getFirst();
        assertThat(line.reference()).isNotEqualTo(line.calculated()).doesNotContain("0000000000000000");
    }

    @Test
    void deletedApplicationFileIsDeletedOrMovedAndViolatesApplications() throws IOException {
        Path app = inst.data.resolve("applications/logger/app.bin");
        Files.delete(app);
        IntegrityResult result = check();
        assertThat(statuses(result)).containsEntry(app.toString(), IntegrityStatus.DELETED_OR_MOVED);
        FileCheck line = result.violations().getFirst();
        assertThat(line.calculated()).isEqualTo("0".repeat(64));
        assertThat(line.reference()).isNotEqualTo("0".repeat(64));
        assertThat(result.applicationsViolated()).isTrue();
        assertThat(result.violatedIn(IntegritySection.SYSTEM)).isFalse();
    }

    @Test
    void addedApplicationFileIsNotInDatabase() throws IOException {
        Path added = inst.data.resolve("applications/meter/plugin.so");
        Installation.write(added, "dropped in later");
        IntegrityResult result = check();
        assertThat(statuses(result)).containsEntry(added.toString(), IntegrityStatus.NOT_IN_DATABASE);
        FileCheck line = result.violations().getFirst();
        assertThat(line.reference()).isEqualTo("0".repeat(64));
        assertThat(line.calculated()).isNotEqualTo("0".repeat(64));
        assertThat(result.applicationsViolated()).isTrue();
    }

    @Test
    void forgedManifestIsPackageViolation() throws IOException {
        // Attacker patches the jar and rewrites its digest in the manifest, keeping the old signature.
        Path jar = inst.dist.resolve("palisade-cli/target/palisade.jar");
        String oldDigest = Digests.of(jar);
        Files.writeString(jar, "evil");
        Path manifest = inst.layout.manifest();
        String text = Files.readString(manifest);
        assertThat(text).contains(oldDigest);
        Files.writeString(manifest, text.replace(oldDigest, Digests.of(jar)));
        IntegrityResult result = check();
        assertPackageViolation(result, "does not verify");
    }

    @Test
    void manifestSignedByAnotherKeyIsPackageViolation() throws IOException {
        Files.writeString(inst.dist.resolve("palisade"), "#!/bin/sh\nevil\n");
        IntegrityManifest.build(inst.layout.sections(), Installation.newKey(), inst.layout.manifest());
        assertPackageViolation(check(), "another key");
    }

    @Test
    void missingManifestIsPackageViolation() throws IOException {
        Files.delete(inst.layout.manifest());
        IntegrityResult result = check();
        assertPackageViolation(result, "missing");
        assertThat(result.files().getFirst().calculated()).isEqualTo("0".repeat(64));
    }

    @Test
    void manifestOfUnknownSectionIsPackageViolation() throws IOException {
        IntegritySection extra = new IntegritySection("web", inst.dist, java.util.List.of("palisade"));
        var sections = new java.util.ArrayList<>(inst.layout.sections());
        sections.add(extra);
        IntegrityManifest.build(sections, key, inst.layout.manifest());
        assertPackageViolation(check(), "section 'web'");
    }

    private void assertPackageViolation(IntegrityResult result, String reason) {
        assertThat(result.intact()).isFalse();
        assertThat(result.manifestProblem()).hasValueSatisfying(p -> assertThat(p).contains(reason));
        assertThat(result.files()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(IntegrityStatus.PACKAGE_VIOLATION);
            assertThat(f.path()).isEqualTo(inst.layout.manifest().toString());
        });
        assertThat(result.applicationsViolated()).isTrue();
    }

    @Test
    void manifestRoundTripsAndIsSorted() throws Exception {
        IntegrityManifest read = IntegrityManifest.read(inst.layout.manifest(), key.getPublic());
        assertThat(read.entries()).extracting(ManifestEntry::path).containsExactly(
                "applications/logger/app.bin", "applications/meter/app.bin", "applications/meter/schema/app.json",
                "palisade", "palisade-cli/target/palisade.jar");
        assertThat(read.entries().getFirst().section()).isEqualTo(IntegritySection.APPLICATIONS);
        assertThat(read.keyId()).isEqualTo(IntegrityKeys.keyId(key.getPublic()));
        byte[] bytes = Files.readAllBytes(inst.layout.manifest());
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("palisade-integrity-manifest 1\nhash-function SHA-256\n");
    }
}
