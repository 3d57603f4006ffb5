package dev.palisade.notify;

import java.io.IOException;
import java.time.Duration;

/**
 * One connection to a destination's peer, used by a single delivery thread. The thread sends
 * payloads, and once they have had {@link #settle()} to arrive asks {@link #confirm()} whether the
 * connection is still sound; only then are they taken off the queue. A sink whose protocol
 * acknowledges each message (MQTT's PUBACK) returns from {@link #send} only after the
 * acknowledgement and has a zero settle time. Any {@link IOException} means: close, back off,
 * reconnect and send again everything not yet confirmed.
 */
public interface Sink extends AutoCloseable {

    /** Connects (and handshakes). */
    void open() throws IOException;

    /** Sends one queued payload (may be buffered until {@link #flush()}). */
    void send(byte[] payload) throws IOException;

    /** Pushes out anything buffered. */
    void flush() throws IOException;

    /**
     * Throws if the peer is known to have gone since the last confirmation (it closed or reset the
     * connection, or said its port is unreachable); returns normally otherwise.
     */
    void confirm() throws IOException;

    /** How long after sending a confirmation means anything. */
    Duration settle();

    /** Closes the connection; never throws. */
    @Override
    void close();
}
