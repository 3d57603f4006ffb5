/**
 * Application-protocol detection for stage {@code app-proto-deny}: the
 * {@link dev.palisade.inspect.appproto.AppProtocolDetector} classifies a TCP flow as FTP, HTTP
 * (including HTTP/2 and HTTPS), IMAP, Modbus/TCP, MQTT, POP3 or SMTP from the first bytes of its
 * two in-order byte streams, whatever the ports, and gives up at a documented bound. The package
 * owns the per-protocol recognisers (incremental state machines over primitive arrays) and the
 * detection counters; it does not reassemble streams, apply policy or cut connections. Owned by
 * one thread, like the flow table it sits beside.
 */
package dev.palisade.inspect.appproto;
