package dev.palisade.live.gateway;

/**
 * The live gateway cannot start or change as asked; the message says why in the operator's
 * terms (not root, an interface missing, a tool not installed, the kernel refused the ruleset).
 * When it is thrown from {@link LiveGateway#start}, nothing was left behind in the kernel.
 */
public final class LiveGatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LiveGatewayException(String message) {
        super(message);
    }

    public LiveGatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
