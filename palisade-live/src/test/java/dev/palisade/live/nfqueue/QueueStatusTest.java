package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueueStatusTest {

    @Test
    void parsesTheKernelsFormat() {
        // seq_printf(s, "%5u %6u %5u %1u %5u %5u %5u %8u %2d\n", ...) from nfnetlink_queue.c
        String text = "    0 3621847553     0 2 65531     0     0     4711  1\n"
                + "    1   1234    17 2 65531    12     3 4294967295  1\n";
        List<QueueStatus> s = QueueStatus.parse(text);
        assertThat(s).containsExactly(
                new QueueStatus(0, 3621847553L, 0, 2, 65531, 0, 0, 4711),
                new QueueStatus(1, 1234, 17, 2, 65531, 12, 3, 4294967295L));
        assertThat(QueueStatus.of(s, 1).queueDropped()).isEqualTo(12);
        assertThat(QueueStatus.of(s, 2)).isNull();
        assertThat(QueueStatus.parse("")).isEmpty();
    }

    @Test
    void refusesOtherTextWithTheLineNumber() {
        assertThatThrownBy(() -> QueueStatus.parse("    0 1 0 2 65531 0 0 1 1\n0 1 2\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> QueueStatus.parse("0 1 0 2 x 0 0 1 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 5");
        assertThatThrownBy(() -> QueueStatus.parse("0 1 0 2 1 0 0 1 1 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 9");
        assertThatThrownBy(() -> QueueStatus.parse("70000 1 0 2 1 0 0 1 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> QueueStatus.parse("0 99999999999999999999 0 2 1 0 0 1 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueStatus.parse(" ".repeat(300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer");
    }
}
