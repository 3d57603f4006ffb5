package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

/** Compact assertions on decisions: verdict, stage, rule and egress as the replay prints them. */
final class Expect {

    private Expect() {
    }

    static void decided(Decision d, String verdict, String stage, int rule, String egress) {
        assertThat(d.verdict().key() + " " + d.stage().key() + " " + d.rule() + " " + d.egressKey())
                .as("decision (%s)", d)
                .isEqualTo(verdict + " " + stage + " " + rule + " " + egress);
    }

    static void accepted(Decision d, String stage, String egress) {
        decided(d, "accept", stage, -1, egress);
    }

    static void dropped(Decision d, String stage) {
        decided(d, "drop", stage, -1, null);
    }
}
