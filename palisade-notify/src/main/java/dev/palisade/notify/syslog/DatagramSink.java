package dev.palisade.notify.syslog;

import dev.palisade.notify.Sink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * RFC 5426: each message in one datagram of a connected UDP socket. UDP confirms nothing, but a
 * connected socket learns from ICMP that the server's port is closed: {@link #confirm()} reads
 * that error (as a {@link PortUnreachableException}), so messages sent while the server was down
 * are sent again rather than lost. A server that is up but drops datagrams, or a lost ICMP
 * message, still loses records: UDP is the lossy choice.
 */
final class DatagramSink implements Sink {

    private final SyslogDestination destination;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private DatagramChannel channel;

    DatagramSink(SyslogDestination destination) {
        this.destination = destination;
    }

    @Override
    public void open() throws IOException {
        InetSocketAddress to = new InetSocketAddress(destination.host(), destination.port());
        if (to.isUnresolved()) {
            throw new IOException("cannot resolve " + destination.host());
        }
        channel = DatagramChannel.open();
        channel.connect(to);
        channel.configureBlocking(false);
    }

    @Override
    public void send(byte[] payload) throws IOException {
        int sent = channel.write(ByteBuffer.wrap(payload));
        if (sent == 0) {
            // Non-blocking send found the socket buffer full: fail, back off, send again.
            throw new IOException("UDP send buffer full");
        }
    }

    @Override
    public void flush() {
        // datagrams leave on send
    }

    @Override
    public void confirm() throws IOException {
        // A server never sends to us; a read only surfaces a pending ICMP error.
        probe.clear();
        while (channel.read(probe) > 0) {
            probe.clear();
        }
    }

    @Override
    public Duration settle() {
        return destination.settle();
    }

    @Override
    public void close() {
        DatagramChannel c = channel;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a datagram socket does not fail in a way that matters
            }
        }
    }
}
