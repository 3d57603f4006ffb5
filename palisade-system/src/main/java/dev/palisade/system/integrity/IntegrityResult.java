package dev.palisade.system.integrity;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an integrity check: one {@link FileCheck} per file, and the reason the manifest
 * could not be trusted if it could not (then the only line is a {@link IntegrityStatus#PACKAGE_VIOLATION}
 * and every section counts as violated, because nothing is known to be intact).
 */
public record IntegrityResult(List<FileCheck> files, Optional<String> manifestProblem) {
    public IntegrityResult {
        files = List.copyOf(files);
    }

    /** True when the manifest verified and every file is {@link IntegrityStatus#VERIFIED}. */
    public boolean intact() {
        return manifestProblem.isEmpty() && files.stream().allMatch(f -> f.status() == IntegrityStatus.VERIFIED);
    }

    /** True when the manifest is untrusted or a file of {@code section} is not verified. */
    public boolean violatedIn(String section) {
        return manifestProblem.isPresent()
                || files.stream().anyMatch(f -> f.section().equals(section) && f.status() != IntegrityStatus.VERIFIED);
    }

    /** The start-up rule of the spec: a violation in applications enters emergency support mode. */
    public boolean applicationsViolated() {
        return violatedIn(IntegritySection.APPLICATIONS);
    }

    /** The files that are not verified. */
    public List<FileCheck> violations() {
        return files.stream().filter(f -> f.status() != IntegrityStatus.VERIFIED).toList();
    }
}
