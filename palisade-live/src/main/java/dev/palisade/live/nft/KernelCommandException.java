package dev.palisade.live.nft;

/**
 * A host command (nft, iptables-nft, ip) could not be run or refused what it was given. The
 * message names the command and carries the program's own error text, so that an operator sees
 * at once which rule or route the kernel refused and why.
 */
public final class KernelCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelCommandException(String message) {
        super(message);
    }

    public KernelCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
