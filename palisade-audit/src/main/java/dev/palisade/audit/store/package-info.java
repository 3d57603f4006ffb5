/**
 * The durable audit logs: an SQLite store (WAL, synchronous=FULL) that writes each event into the
 * log(s) it belongs to and returns only once the commit is on disk, chains every record to the
 * previous one of its log with an HMAC-SHA-256 so that edits, deletions, insertions and
 * reorderings are found by {@link dev.palisade.audit.store.AuditStore#verify}, keeps each log
 * within a capacity by overwriting the oldest records (announced by the specification's warning
 * and overwrite events), and answers the views: newest first in pages, filtered by period,
 * severities and subjects, exported as RFC 4180 CSV. docs/audit.md describes the layout.
 */
package dev.palisade.audit.store;
