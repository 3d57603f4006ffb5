package dev.palisade.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Backoff doubles to its cap and jitters within [half, all] of each step. */
class BackoffTest {

    @Test
    void doublesUpToTheCapWithJitterInTheUpperHalf() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3));
        assertThat(b.ceilingMillis(0)).isEqualTo(100);
        assertThat(b.ceilingMillis(1)).isEqualTo(200);
        assertThat(b.ceilingMillis(4)).isEqualTo(1600);
        assertThat(b.ceilingMillis(5)).isEqualTo(3000);
        assertThat(b.ceilingMillis(62)).isEqualTo(3000);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long d = b.delayMillis(3);
            assertThat(d).isBetween(400L, 800L);
            seen.add(d);
        }
        assertThat(seen.size()).as("jittered, not constant").isGreaterThan(100);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
