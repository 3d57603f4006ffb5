/**
 * Delivery of audit records to the administrator's Syslog and MQTT infrastructure, queued on disk
 * while a peer is unreachable. {@link dev.palisade.notify.Notifier} is the entry point the audit
 * store calls after each commit; each destination has its own queue and delivery thread.
 */
package dev.palisade.notify;
