/**
 * TLS material as administrators upload it (PEM certificates and keys) and the verification of a
 * destination's server certificate against it, shared by the Syslog and MQTT transports.
 */
package dev.palisade.notify.tls;
