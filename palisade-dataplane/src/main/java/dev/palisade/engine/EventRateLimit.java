package dev.palisade.engine;

/**
 * A token bucket on packet time for events raised from the packet path: a flood of cut
 * connections must not fill the audit log. What is refused is counted and handed to the next
 * event that gets through.
 */
final class EventRateLimit {

    private static final long SECOND = 1_000_000_000L;

    private final long perSecond;
    private final long burst;
    private double tokens;
    private long last = Long.MIN_VALUE;
    private long suppressed;

    EventRateLimit(long perSecond, long burst) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    /** True when an event may be raised at packet time {@code now}. */
    boolean tryAcquire(long now) {
        if (last != Long.MIN_VALUE && now > last) {
            tokens = Math.min(burst, tokens + (double) (now - last) * perSecond / SECOND);
        }
        last = Math.max(last, now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Events refused since the last call. */
    long takeSuppressed() {
        long s = suppressed;
        suppressed = 0;
        return s;
    }
}
