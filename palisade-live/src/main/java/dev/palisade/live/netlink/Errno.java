package dev.palisade.live.netlink;

/**
 * Names of the errno values netlink and netfilter calls return, for error messages. Only the
 * ones seen in practice are named; others print as their number.
 */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int EOPNOTSUPP = 95;
    public static final int EPROTONOSUPPORT = 93;
    public static final int ENOBUFS = 105;

    private Errno() {
    }

    /** "EPERM (1, operation not permitted)" or "errno 123". */
    public static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM (1, operation not permitted; needs CAP_NET_ADMIN)";
            case ENOENT -> "ENOENT (2, no such object)";
            case EINTR -> "EINTR (4, interrupted)";
            case EBADF -> "EBADF (9, bad file descriptor)";
            case EAGAIN -> "EAGAIN (11, would block)";
            case ENOMEM -> "ENOMEM (12, out of memory)";
            case EBUSY -> "EBUSY (16, busy: the queue is bound by another socket)";
            case EEXIST -> "EEXIST (17, exists)";
            case ENODEV -> "ENODEV (19, no such device: no such queue)";
            case EINVAL -> "EINVAL (22, invalid argument)";
            case ENOSPC -> "ENOSPC (28, no space)";
            case ERANGE -> "ERANGE (34, out of range)";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT (93, protocol not supported)";
            case EOPNOTSUPP -> "EOPNOTSUPP (95, not supported)";
            case ENOBUFS -> "ENOBUFS (105, socket receive buffer overrun: messages lost)";
            default -> "errno " + errno;
        };
    }
}
