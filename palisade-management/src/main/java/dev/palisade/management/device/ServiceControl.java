package dev.palisade.management.device;

/**
 * How the device area asks the runner to restart the whole service (management service, engine,
 * notifier, audit store, live mode) from the data directory. {@link #restart} only asks: it returns
 * at once, and the runner stops the service after the answer of the current request has been sent
 * (the web server stops gracefully), then starts it again on the same address.
 */
@FunctionalInterface
public interface ServiceControl {

    /** Asks for a restart; {@code reason} is printed by the runner ("restart command", "restore"). */
    void restart(String reason);

    /** For a service that cannot restart itself (tests of other areas): refuses. */
    ServiceControl UNSUPPORTED = reason -> {
        throw new UnsupportedOperationException("this service cannot restart itself");
    };
}
