package dev.palisade.notify.syslog;

import dev.palisade.audit.AuditRecord;
import dev.palisade.notify.Destination;
import dev.palisade.notify.Sink;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Syslog server and how to reach it. Build with {@link #udp}, {@link #tcp} or {@link #tls} and
 * adjust with the {@code with...} methods.
 *
 * @param host            the server's address (or name)
 * @param port            its port
 * @param transport       UDP, TCP or TLS
 * @param facility        the facility of every message (default {@link Facility#LOG_AUDIT})
 * @param trusted         for TLS: the uploaded certificate(s) the server is verified against
 * @param maxMessageBytes the largest message sent; longer MSG text is cut (UDP default 2048, the
 *                        size RFC 5426 says receivers should accept; TCP and TLS 65,536 minus framing)
 * @param connectTimeout  how long a connection (and TLS handshake) may take
 * @param settle          how long after sending the connection is checked before records count
 *                        as delivered
 */
public record SyslogDestination(String host, int port, SyslogTransport transport, Facility facility,
        List<X509Certificate> trusted, int maxMessageBytes, Duration connectTimeout, Duration settle) implements Destination {

    /** RFC 5426 section 3.2: receivers SHOULD accept 2048 octets. */
    public static final int UDP_DEFAULT_MAX = 2048;
    /** Streams: the queue's default record limit less the largest octet count and its space. */
    public static final int STREAM_DEFAULT_MAX = 65_536 - 6;
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofMillis(200);

    public SyslogDestination {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(facility, "facility");
        trusted = List.copyOf(trusted);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (transport == SyslogTransport.TLS && trusted.isEmpty()) {
            throw new IllegalArgumentException("TLS needs the server's certificate or its CA");
        }
        if (maxMessageBytes < Rfc5424Formatter.MIN_MESSAGE_BYTES || maxMessageBytes > 65_536 - 6) {
            throw new IllegalArgumentException("message limit outside " + Rfc5424Formatter.MIN_MESSAGE_BYTES + "-65530: " + maxMessageBytes);
        }
    }

    public static SyslogDestination udp(String host, int port) {
        return new SyslogDestination(host, port, SyslogTransport.UDP, Facility.LOG_AUDIT, List.of(), UDP_DEFAULT_MAX, CONNECT, SETTLE);
    }

    public static SyslogDestination tcp(String host, int port) {
        return new SyslogDestination(host, port, SyslogTransport.TCP, Facility.LOG_AUDIT, List.of(), STREAM_DEFAULT_MAX, CONNECT, SETTLE);
    }

    public static SyslogDestination tls(String host, int port, List<X509Certificate> trusted) {
        return new SyslogDestination(host, port, SyslogTransport.TLS, Facility.LOG_AUDIT, trusted, STREAM_DEFAULT_MAX, CONNECT, SETTLE);
    }

    public SyslogDestination withFacility(Facility f) {
        return new SyslogDestination(host, port, transport, f, trusted, maxMessageBytes, connectTimeout, settle);
    }

    public SyslogDestination withMaxMessageBytes(int max) {
        return new SyslogDestination(host, port, transport, facility, trusted, max, connectTimeout, settle);
    }

    public SyslogDestination withTimeouts(Duration connect, Duration settleTime) {
        return new SyslogDestination(host, port, transport, facility, trusted, maxMessageBytes, connect, settleTime);
    }

    @Override
    public String name() {
        return "syslog+" + transport.scheme() + "://" + hostPort();
    }

    @Override
    public String queueName() {
        return "syslog";
    }

    @Override
    public byte[] render(AuditRecord record, String hostName) {
        return new Rfc5424Formatter(facility).format(record, hostName, maxMessageBytes);
    }

    @Override
    public Sink newSink() {
        return transport == SyslogTransport.UDP ? new DatagramSink(this) : new StreamSink(this);
    }

    String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "SyslogDestination[" + name() + ", facility=" + facility + ", trusted=" + trusted.size() + " certificate(s)]";
    }
}
