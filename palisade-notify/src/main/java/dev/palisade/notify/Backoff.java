package dev.palisade.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between reconnection attempts: attempt {@code n} waits a random
 * time between half and all of {@code min(max, initial * 2^n)}, so gateways that lost the same
 * server do not all come back in the same instant, and none waits less than half the step.
 */
public record Backoff(Duration initial, Duration max) {

    /** 1 s doubling up to 5 min. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** The upper bound of the wait before attempt {@code attempt} (0 is the first retry). */
    public long ceilingMillis(int attempt) {
        long step = initial.toMillis();
        long cap = max.toMillis();
        for (int i = 0; i < attempt && step < cap; i++) {
            step *= 2;
        }
        return Math.min(step, cap);
    }

    /** A wait for attempt {@code attempt}, jittered. */
    public long delayMillis(int attempt) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
