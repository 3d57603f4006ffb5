package dev.palisade.live.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Moves the calling thread into another network namespace with {@code setns(2)}, so that the
 * sockets it opens afterwards (netlink included) belong to that namespace. Only the calling OS
 * thread moves: the rest of the JVM stays where it was. A socket keeps its namespace for life,
 * whichever thread uses it later.
 *
 * <p>Use it on a dedicated platform thread (never a virtual thread, whose carrier changes, nor a
 * pooled thread that will run unrelated work). Needs CAP_SYS_ADMIN.
 */
public final class NetworkNamespace {

    private NetworkNamespace() {
    }

    /** The file {@code ip netns add NAME} creates. */
    public static Path named(String name) {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.startsWith(".")) {
            throw new IllegalArgumentException("invalid namespace name: " + name);
        }
        return Path.of("/var/run/netns", name);
    }

    /** Moves the current thread into the network namespace at {@code path}. */
    public static void enter(Path path) throws NetlinkException {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("setns on a virtual thread would move its carrier");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment file = arena.allocateFrom(path.toString());
            int fd = (int) Libc.OPEN.invokeExact(capture, file, Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new NetlinkException("open(" + path + ")", Libc.errno(capture));
            }
            try {
                int r = (int) Libc.SETNS.invokeExact(capture, fd, Libc.CLONE_NEWNET);
                if (r < 0) {
                    throw new NetlinkException("setns(" + path + ")", Libc.errno(capture));
                }
            } finally {
                int ignored = (int) Libc.CLOSE.invokeExact(capture, fd);
            }
        } catch (NetlinkException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }
}
