package dev.palisade.live.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A raw IPv4 socket ({@code socket(AF_INET, SOCK_RAW, IPPROTO_RAW)}) that sends complete IP
 * packets built by the caller, header included: how the live data plane emits the packets the
 * engine generates (TCP resets). It lives beside the netlink socket because it uses the same libc
 * bindings; like it, it belongs to the network namespace of the thread that opened it. The kernel
 * routes each packet by its destination and sends it from the gateway itself (the OUTPUT path, so
 * it is never queued back to the inspector by a FORWARD rule). One thread uses a socket.
 */
public final class RawIpSocket implements AutoCloseable {

    private static final int AF_INET = 2;
    private static final int IPPROTO_RAW = 255;
    private static final int SOCKADDR_IN_LENGTH = 16;
    private static final int MAX_PACKET = 65535;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment packet = arena.allocate(MAX_PACKET, 8);
    private final MemorySegment address = arena.allocate(SOCKADDR_IN_LENGTH, 4);
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RawIpSocket() throws NetlinkException {
        int s;
        try {
            s = (int) Libc.SOCKET.invokeExact(capture, AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, IPPROTO_RAW);
        } catch (Throwable t) {
            arena.close();
            throw Libc.linkageFailure(t);
        }
        if (s < 0) {
            int e = Libc.errno(capture);
            arena.close();
            throw new NetlinkException("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", e);
        }
        fd = s;
        address.set(JAVA_SHORT, 0, (short) AF_INET);
    }

    /** Opens a raw socket (needs CAP_NET_RAW) in the calling thread's network namespace. */
    public static RawIpSocket open() throws NetlinkException {
        return new RawIpSocket();
    }

    /**
     * Sends the IPv4 packet at {@code offset} (header included, checksums filled in). The
     * destination is read from the packet's header.
     */
    public void send(byte[] buffer, int offset, int length) throws NetlinkException {
        if (length < 20 || length > MAX_PACKET || offset < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("not an IPv4 packet of " + length + " bytes");
        }
        MemorySegment.copy(buffer, offset, packet, ValueLayout.JAVA_BYTE, 0, length);
        // sin_addr is in network order, exactly the header's destination bytes.
        address.set(JAVA_INT, 4, packet.get(JAVA_INT, 16));
        long n;
        try {
            n = (long) Libc.SENDTO.invokeExact(capture, fd, packet, (long) length, 0, address, SOCKADDR_IN_LENGTH);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
        if (n < 0) {
            throw new NetlinkException("sendto(raw IPv4)", Libc.errno(capture));
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            int ignored = (int) Libc.CLOSE.invokeExact(capture, fd);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        } finally {
            arena.close();
        }
    }
}
