package dev.palisade.management.settings;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the host clock, and it says so: setting the real clock needs root and would
 * change the time of the whole machine the tests share. It records every time it is asked to set
 * and reads back the last one; {@link #refuse} makes it fail like {@code date} without CAP_SYS_TIME.
 */
final class RecordingHostClock implements HostClock {

    final List<Instant> set = new CopyOnWriteArrayList<>();
    private volatile Instant now = Instant.parse("2026-11-25T12:00:00Z");
    private volatile String refusal;

    void refuse(String message) {
        refusal = message;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void set(Instant time) throws IOException {
        if (refusal != null) {
            throw new IOException(refusal);
        }
        set.add(time);
        now = time;
    }
}
