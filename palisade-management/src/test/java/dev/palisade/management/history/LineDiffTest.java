package dev.palisade.management.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Line diffs: exact on small cases; on seeded random edits, both texts are recovered from the diff. */
class LineDiffTest {

    @Test
    void marksRemovedAndAddedLines() {
        assertThat(LineDiff.diff("a\nb\nc", "a\nx\nc")).containsExactly(" a", "+x", "-b", " c");
        assertThat(LineDiff.diff("a\nb", "a\nb")).containsExactly(" a", " b");
        assertThat(LineDiff.diff("", "a")).containsExactly("+a", "-");
    }

    @Test
    void randomEditsRoundTrip() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<String> a = new ArrayList<>();
            for (int i = random.nextInt(30); i > 0; i--) {
                a.add("l" + random.nextInt(8));
            }
            List<String> b = new ArrayList<>(a);
            for (int e = random.nextInt(6); e > 0; e--) {
                if (!b.isEmpty() && random.nextBoolean()) {
                    b.remove(random.nextInt(b.size()));
                } else {
                    b.add(random.nextInt(b.size() + 1), "n" + random.nextInt(8));
                }
            }
            List<String> diff = LineDiff.diff(String.join("\n", a), String.join("\n", b));
            List<String> old = new ArrayList<>();
            List<String> now = new ArrayList<>();
            for (String line : diff) {
                if (!line.startsWith("+")) {
                    old.add(line.substring(1));
                }
                if (!line.startsWith("-")) {
                    now.add(line.substring(1));
                }
            }
            assertThat(String.join("\n", old)).isEqualTo(String.join("\n", a));
            assertThat(String.join("\n", now)).isEqualTo(String.join("\n", b));
        }
    }

    @Test
    void refusesHugeChangedRegions() {
        String a = "a\n".repeat(5000);
        String b = "b\n".repeat(5000);
        assertThatThrownBy(() -> LineDiff.diff(a, b)).hasMessageContaining("too many lines");
    }
}
