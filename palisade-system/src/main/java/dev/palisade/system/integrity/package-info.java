/**
 * Integrity control of the installed distribution: a signed manifest of SHA-256 digests grouped in
 * named sections ({@code system}, {@code applications}), the checker that compares the files on disk
 * with it using the spec's five statuses, and the downloadable report in the spec's format. See
 * docs/integrity-and-backup.md for the formats and the signing-key decision.
 */
package dev.palisade.system.integrity;
