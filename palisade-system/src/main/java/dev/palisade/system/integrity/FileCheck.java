package dev.palisade.system.integrity;

import java.time.Instant;

/**
 * The result of checking one file: one line of the integrity report.
 *
 * @param section    section the file belongs to (for a manifest problem: {@code manifest})
 * @param path       absolute path shown in the report
 * @param checkedAt  when the file was checked
 * @param reference  reference SHA-256 from the manifest, or 64 zeros when there is none
 * @param calculated SHA-256 of the file on disk, or 64 zeros when it is gone
 * @param status     the spec's status
 */
public record FileCheck(String section, String path, Instant checkedAt, String reference, String calculated,
        IntegrityStatus status) {
}
