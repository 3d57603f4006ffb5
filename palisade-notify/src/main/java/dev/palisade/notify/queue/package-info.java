/**
 * The durable, bounded, append-only queue each delivery destination keeps on disk: segment files
 * of CRC-checked records and an atomically replaced head pointer. Owns the on-disk format and its
 * recovery after a crash; knows nothing of Syslog or MQTT.
 */
package dev.palisade.notify.queue;
