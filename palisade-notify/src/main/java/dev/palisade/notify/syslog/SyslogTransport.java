package dev.palisade.notify.syslog;

/** How messages travel to the Syslog server. */
public enum SyslogTransport {
    /** RFC 5426: one message per datagram, no delivery feedback beyond ICMP "port unreachable". */
    UDP("udp"),
    /** RFC 6587 section 3.4.1: octet-counted frames on a TCP connection. */
    TCP("tcp"),
    /** RFC 5425: octet-counted frames in TLS 1.2 or 1.3. */
    TLS("tls");

    private final String scheme;

    SyslogTransport(String scheme) {
        this.scheme = scheme;
    }

    /** As written in a destination's name ({@code syslog+tls://...}). */
    public String scheme() {
        return scheme;
    }
}
