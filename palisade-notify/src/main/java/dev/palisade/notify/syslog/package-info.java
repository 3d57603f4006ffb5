/**
 * Syslog delivery: RFC 5424 message formatting and the three transports, UDP (RFC 5426), TCP with
 * octet counting (RFC 6587) and TLS (RFC 5425).
 */
package dev.palisade.notify.syslog;
