package dev.palisade.management.settings;

import java.io.IOException;
import java.time.Instant;

/**
 * The gateway's system clock as the General tab sets it ("Indicate the current time in the
 * UTC+00:00 time zone"). Setting it needs root and changes the whole host, so it sits behind this
 * interface: {@link #SYSTEM} sets the real clock, tests use a recording stand-in.
 */
public interface HostClock {

    /** The clock as the host reads it now. */
    Instant now();

    /**
     * Sets the host's clock to {@code time}.
     *
     * @throws IOException with a message for the administrator when the host refused
     */
    void set(Instant time) throws IOException;

    /** The real system clock, set with {@code date -u -s @<seconds>}. */
    HostClock SYSTEM = new DateCommandClock();
}
