package dev.palisade.live.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing nft's JSON listing (shape as printed by nft 1.0.6 with {@code -j list table}). */
class RuleCountersTest {

    private static final String LISTING = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
             {"table": {"family": "inet", "name": "palisade", "handle": 5}},
             {"chain": {"family": "inet", "table": "palisade", "name": "custom_deny", "handle": 1}},
             {"rule": {"family": "inet", "table": "palisade", "chain": "custom_deny", "handle": 9,
               "comment": "custom-deny:3", "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "lan0"}},
               {"counter": {"packets": 7, "bytes": 420}}, {"drop": null}]}},
             {"rule": {"family": "inet", "table": "palisade", "chain": "preset_service_allow", "handle": 10,
               "comment": "preset-service-allow:dns", "expr": [{"counter": {"packets": 2, "bytes": 100}}, {"accept": null}]}},
             {"rule": {"family": "inet", "table": "palisade", "chain": "preset_service_allow", "handle": 11,
               "comment": "preset-service-allow:dns", "expr": [{"counter": {"packets": 3, "bytes": 150}}, {"accept": null}]}},
             {"rule": {"family": "inet", "table": "palisade", "chain": "procedure", "handle": 12,
               "comment": "enter:custom-deny", "expr": [{"counter": {"packets": 99, "bytes": 9900}}, {"jump": {"target": "custom_deny"}}]}},
             {"rule": {"family": "inet", "table": "palisade", "chain": "x", "handle": 13, "expr": [{"accept": null}]}}]}
            """;

    @Test
    void countersAreFoundByCommentAndSummedPerStage() {
        RuleCounters c = RuleCounters.parse(LISTING);
        assertThat(c.rules()).hasSize(4);
        assertThat(c.packets("custom-deny:3")).isEqualTo(7);
        assertThat(c.packets("preset-service-allow:dns")).isEqualTo(5);
        assertThat(c.packets("absent")).isZero();
        assertThat(c.packetsByStage()).containsEntry("custom-deny", 7L).containsEntry("preset-service-allow", 5L)
                .doesNotContainKey("enter");
        assertThat(c.rules().getFirst().ruleIndex()).isEqualTo(3);
        assertThat(c.rules().get(1).ruleIndex()).isEqualTo(-1);
        assertThat(c.rules().getFirst().bytes()).isEqualTo(420);
    }

    @Test
    void somethingElseThanNftJsonIsAClearError() {
        assertThatThrownBy(() -> RuleCounters.parse("table inet palisade {")).isInstanceOf(KernelCommandException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RuleCounters.parse("{\"x\": 1}")).hasMessageContaining("nftables");
    }
}
