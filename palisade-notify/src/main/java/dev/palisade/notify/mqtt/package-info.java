/**
 * MQTT notification delivery: each audit record as one JSON message, published with QoS 1 through
 * the HiveMQ MQTT client, optionally with a user name and password and over TLS with a client
 * certificate.
 */
package dev.palisade.notify.mqtt;
