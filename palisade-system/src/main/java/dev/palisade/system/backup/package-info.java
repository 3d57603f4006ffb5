/**
 * Encrypted, authenticated backups of the configuration, certificates and keys (AES-256-GCM with an
 * Argon2id key from the administrator's password, product version in the authenticated header), and
 * the crash-safe restore that applies one to the data directory. See docs/integrity-and-backup.md.
 */
package dev.palisade.system.backup;
