package dev.palisade.ips.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzz target for the rule parser: whatever the text, {@link RuleParser#parse} returns a rule set
 * and never throws; every rule text is accounted for (loaded, skipped with a warning, or refused
 * with an error); every diagnostic is positioned inside the input; no internal error surfaces.
 * Inputs are either raw text or rule fragments glued together, which reaches deep into the
 * keyword parsers quickly. {@code mvn test} replays the inputs under
 * {@code src/test/resources/dev/palisade/ips/rules/RuleParserFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class RuleParserFuzzTest {

    private static final RuleParser PARSER = new RuleParser(
            RuleVariables.defaults().withAddress("LOOP", "[$LOOP2]").withAddress("LOOP2", "!$LOOP"),
            TestProtocolKeywords.both());

    private static final String[] FRAGMENTS = {
        "alert ", "drop ", "reject ", "pass ", "tcp ", "udp ", "ip ", "modbus ", "mqtt ", "http ", "any ", "-> ", "<> ",
        "$HOME_NET ", "$EXTERNAL_NET ", "$MODBUS_PORTS ", "$LOOP ", "[", "]", "!", ",", ":", "502 ", "1024: ", "10.0.0.0/8 ",
        "::1 ", "(", ")", ";", " ", "\\", "\n", "\\\n", "\"", "|", "msg:\"x\";", "sid:1;", "sid:90000001;", "rev:2;",
        "gid:3;", "content:", "\"abc\"", "\"|00 01|\"", "!\"", "nocase;", "offset:", "depth:", "distance:", "within:",
        "-1", "0", "4", "99999999999", "startswith;", "endswith;", "fast_pattern;", "fast_pattern:only;",
        "fast_pattern:1,2;", "pcre:\"/a(b)?c/iR\";", "pcre:\"/(?=x)/\";", "pcre:\"/((a{99}){99}){99}/\";",
        "byte_test:2,>,1,0,relative;", "byte_jump:2,0,relative,align;", "isdataat:!1,relative;", "flow:to_server,established;",
        "threshold:type limit, track by_src, count 1, seconds 60;", "detection_filter:track by_dst, count 1, seconds 1;",
        "app-layer-event:modbus.flooded;", "app-layer-event:mqtt.x;", "app-layer-protocol:!mqtt;", "modbus: function 8;",
        "mqtt.qos:3;", "mqtt.publish.topic;", "frame:pdu;", "bsize:<10;", "dsize:1<>9;", "pkt_data;", "http.uri;",
        "flowbits:set,x;", "classtype:protocol-command-decode;", "priority:1;", "metadata:a b;", "reference:url,x;",
        "noalert;", "target:src_ip;", "#", "\r\n"
    };

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrowsAndAccountsForEveryRule(FuzzedDataProvider data) {
        String text;
        if (data.consumeBoolean()) {
            text = data.consumeRemainingAsString();
        } else {
            StringBuilder b = new StringBuilder();
            while (data.remainingBytes() > 0) {
                b.append(data.pickValue(FRAGMENTS));
            }
            text = b.toString();
        }
        RuleSet rs = PARSER.parse("fuzz.rules", text);
        check(text, rs);
    }

    static void check(String text, RuleSet rs) {
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        int texts = SourceRule.split(text).size();
        assertThat(rs.rules().size() + rs.skipped().size() + rs.rejected()).isEqualTo(texts);
        assertThat(rs.skipped().size()).isLessThanOrEqualTo(rs.warnings().size());
        assertThat(rs.errors().size()).isGreaterThanOrEqualTo(rs.rejected());
        for (Diagnostic d : rs.diagnostics()) {
            assertThat(d.line()).isBetween(1, (int) lines);
            assertThat(d.reason()).isNotBlank().doesNotContain("internal error");
        }
        for (Rule r : rs.rules()) {
            assertThat(r.sid()).isNotEqualTo(RuleParser.RESERVED_SID).isPositive();
            assertThat(r.prefilter()).isNotNull();
        }
    }

    /** A few deterministic rounds over the fragments, so plain {@code mvn test} covers more than the seed files. */
    @org.junit.jupiter.api.Test
    void seededFragmentRounds() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        for (int round = 0; round < 3000; round++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(1, 40);
            for (int k = 0; k < n; k++) {
                b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            String text = b.toString();
            check(text, PARSER.parse("seeded.rules", text));
        }
        String good = "alert tcp any any -> any 502 (msg:\"x\"; content:\"|00|\"; sid:1;)";
        check(good, PARSER.parse("g", good));
        assertThat(PARSER.parse("g", good).rules()).hasSize(1);
        assertThat(List.of(FRAGMENTS)).doesNotHaveDuplicates();
    }
}
