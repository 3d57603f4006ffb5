package dev.palisade.live.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A raw netlink socket ({@code socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)}) driven
 * through the FFM API. The caller owns the send and receive buffers (off-heap segments reused
 * across calls), so sending and receiving allocate nothing. {@code errno} is captured with each
 * call ({@code Linker.Option.captureCallState}) into a segment the socket owns.
 *
 * <p>The socket lives in the network namespace of the thread that opened it (see
 * {@link NetworkNamespace}). One thread uses a socket; {@link #close()} may come from another
 * thread once that one has stopped. A thread blocked in {@link #receive} wakes up at the latest
 * after the receive timeout ({@link #receiveTimeout}), which is how a loop notices it must stop
 * (netlink sockets cannot be shut down).
 */
public final class NetlinkSocket implements AutoCloseable {

    /** {@link #receive} result: nothing to read (non-blocking call, or the receive timeout passed). */
    public static final long NOTHING = -1;
    /**
     * {@link #receive} result: the kernel could not queue messages for this socket (ENOBUFS, the
     * receive buffer overflowed); messages were lost. Counted in {@link #overruns()}.
     */
    public static final long OVERRUN = -2;

    private static final int SOCKADDR_NL_LENGTH = 12;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment option = arena.allocate(16, 8);
    private final MemorySegment kernel = arena.allocate(SOCKADDR_NL_LENGTH, 4);
    private final int fd;
    private final int portId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long overruns;
    private long truncated;

    private NetlinkSocket(int protocol) throws NetlinkException {
        kernel.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);   // nl_pid 0, nl_groups 0: the kernel
        int s;
        try {
            s = (int) Libc.SOCKET.invokeExact(capture, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        } catch (Throwable t) {
            arena.close();
            throw Libc.linkageFailure(t);
        }
        if (s < 0) {
            int e = Libc.errno(capture);
            arena.close();
            throw new NetlinkException("socket(AF_NETLINK, " + protocol + ")", e);
        }
        this.fd = s;
        try {
            MemorySegment local = arena.allocate(SOCKADDR_NL_LENGTH, 4);
            local.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);   // nl_pid 0: the kernel assigns one
            check((int) Libc.BIND.invokeExact(capture, fd, local, SOCKADDR_NL_LENGTH), "bind");
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, SOCKADDR_NL_LENGTH);
            check((int) Libc.GETSOCKNAME.invokeExact(capture, fd, local, length), "getsockname");
            this.portId = local.get(JAVA_INT, 4);
        } catch (NetlinkException e) {
            close();
            throw e;
        } catch (Throwable t) {
            close();
            throw Libc.linkageFailure(t);
        }
    }

    /** Opens and binds a socket of netlink family {@code protocol} (e.g. {@link Netlink#NETLINK_NETFILTER}). */
    public static NetlinkSocket open(int protocol) throws NetlinkException {
        return new NetlinkSocket(protocol);
    }

    /** The port id the kernel assigned (the socket's netlink address). */
    public int portId() {
        return portId;
    }

    /**
     * Sets the receive buffer to {@code bytes}. Tries {@code SO_RCVBUFFORCE} first (exceeds
     * {@code net.core.rmem_max}; needs CAP_NET_ADMIN) and falls back to {@code SO_RCVBUF}.
     * Returns the size the kernel reports (it doubles the request for bookkeeping).
     */
    public int receiveBufferSize(int bytes) throws NetlinkException {
        if (!trySetInt(Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, bytes)) {
            setInt(Libc.SOL_SOCKET, Libc.SO_RCVBUF, bytes, "SO_RCVBUF");
        }
        return getInt(Libc.SOL_SOCKET, Libc.SO_RCVBUF, "SO_RCVBUF");
    }

    /**
     * {@code NETLINK_NO_ENOBUFS}: when on, the kernel does not report receive-buffer overruns.
     * Leave it off where losing messages matters (the queue watches ENOBUFS as a drop signal).
     */
    public void noEnobufs(boolean on) throws NetlinkException {
        setInt(Libc.SOL_NETLINK, Libc.NETLINK_NO_ENOBUFS, on ? 1 : 0, "NETLINK_NO_ENOBUFS");
    }

    /** {@code NETLINK_EXT_ACK}: error acknowledgements carry the kernel's error text. */
    public void extendedAck(boolean on) throws NetlinkException {
        setInt(Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, on ? 1 : 0, "NETLINK_EXT_ACK");
    }

    /** {@code NETLINK_CAP_ACK}: error acknowledgements do not echo the whole request back. */
    public void capAck(boolean on) throws NetlinkException {
        setInt(Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, on ? 1 : 0, "NETLINK_CAP_ACK");
    }

    /** How long a blocking {@link #receive} waits at most ({@code SO_RCVTIMEO}); zero waits forever. */
    public void receiveTimeout(Duration timeout) throws NetlinkException {
        long micros = timeout.toNanos() / 1000;
        option.set(JAVA_LONG, 0, micros / 1_000_000);        // struct timeval on LP64: tv_sec, tv_usec
        option.set(JAVA_LONG, 8, micros % 1_000_000);
        int r;
        try {
            r = (int) Libc.SETSOCKOPT.invokeExact(capture, fd, Libc.SOL_SOCKET, 20 /* SO_RCVTIMEO */, option, 16);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
        check(r, "SO_RCVTIMEO");
    }

    /** Sends {@code length} bytes of {@code buffer} (one or more messages) to the kernel. */
    public void send(MemorySegment buffer, int length) throws NetlinkException {
        if (length < 0 || length > buffer.byteSize()) {
            throw new IllegalArgumentException("length " + length);
        }
        while (true) {
            long n;
            try {
                n = (long) Libc.SENDTO.invokeExact(capture, fd, buffer, (long) length, 0, kernel, SOCKADDR_NL_LENGTH);
            } catch (Throwable t) {
                throw Libc.linkageFailure(t);
            }
            if (n >= 0) {
                return;
            }
            int e = Libc.errno(capture);
            if (e != Libc.EINTR) {
                throw new NetlinkException("sendto", e);
            }
        }
    }

    /**
     * Receives one datagram into {@code buffer}. Returns its length, {@link #NOTHING} or
     * {@link #OVERRUN}. A datagram larger than the buffer is cut to the buffer's size and counted
     * in {@link #truncated()}; the caller sees only whole messages since the reader checks every
     * length. {@code wait} false never blocks.
     */
    public long receive(MemorySegment buffer, boolean wait) throws NetlinkException {
        long size = buffer.byteSize();
        while (true) {
            long n;
            try {
                n = (long) Libc.RECV.invokeExact(capture, fd, buffer, size, Libc.MSG_TRUNC | (wait ? 0 : Libc.MSG_DONTWAIT));
            } catch (Throwable t) {
                throw Libc.linkageFailure(t);
            }
            if (n >= 0) {
                if (n > size) {
                    truncated++;
                    return size;
                }
                return n;
            }
            int e = Libc.errno(capture);
            switch (e) {
                case Libc.EINTR -> {
                    // interrupted by a signal: try again
                }
                case Libc.EAGAIN -> {
                    return NOTHING;
                }
                case Libc.ENOBUFS -> {
                    overruns++;
                    return OVERRUN;
                }
                default -> throw new NetlinkException("recv", e);
            }
        }
    }

    /** Receive-buffer overruns (ENOBUFS) seen so far; read by the socket's thread. */
    public long overruns() {
        return overruns;
    }

    /** Datagrams larger than the receive buffer seen so far. */
    public long truncated() {
        return truncated;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Closes the socket (a netfilter queue bound by it is unbound by the kernel). Idempotent. */
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

    private boolean trySetInt(int level, int name, int value) {
        option.set(JAVA_INT, 0, value);
        try {
            return (int) Libc.SETSOCKOPT.invokeExact(capture, fd, level, name, option, 4) == 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    private void setInt(int level, int name, int value, String what) throws NetlinkException {
        if (!trySetInt(level, name, value)) {
            throw new NetlinkException("setsockopt(" + what + ")", Libc.errno(capture));
        }
    }

    private int getInt(int level, int name, String what) throws NetlinkException {
        MemorySegment length = option.asSlice(8, 4);
        length.set(JAVA_INT, 0, 4);
        int r;
        try {
            r = (int) Libc.GETSOCKOPT.invokeExact(capture, fd, level, name, option.asSlice(0, 4), length);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
        check(r, "getsockopt(" + what + ")");
        return option.get(JAVA_INT, 0);
    }

    private void check(int result, String what) throws NetlinkException {
        if (result < 0) {
            throw new NetlinkException(what, Libc.errno(capture));
        }
    }
}
