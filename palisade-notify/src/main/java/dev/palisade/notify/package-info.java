/**
 * Delivery of audit records to the administrator's Syslog and MQTT infrastructure, queued on disk while a peer is unreachable.
 */
package dev.palisade.notify;
