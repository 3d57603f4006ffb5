package dev.palisade.live.netlink;

import java.io.IOException;

/**
 * A netlink operation failed: a system call returned an error, or the kernel answered a request
 * with an error acknowledgement. Carries the positive errno value and the operation's name.
 */
public final class NetlinkException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    public NetlinkException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The positive errno value (e.g. 1 for EPERM). */
    public int errno() {
        return errno;
    }
}
