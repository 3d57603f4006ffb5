package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Matcher semantics for every keyword form, on crafted packets; each case also runs through the reference path. */
class MatcherTest {

    private static boolean matches(String options, String payload) {
        return matches("alert tcp any any -> any any", options, payload);
    }

    private static boolean matches(String header, String options, String payload) {
        Matcher m = new Matcher(Packets.rules(header + " (msg:\"t\"; " + options + " sid:1;)"));
        PacketMeta p = Packets.packet(6, "10.0.0.1", 40000, "10.0.0.2", 502, payload);
        boolean fast = !Packets.sids(m, p).isEmpty();
        boolean reference = !Packets.naive(m, p).isEmpty();
        assertThat(fast).as("prefiltered and reference agree").isEqualTo(reference);
        return fast;
    }

    @ParameterizedTest(name = "{0} over \"{1}\" -> {2}")
    @CsvSource(delimiter = '~', quoteCharacter = '\0', textBlock = """
            content:"abc";                                   ~ xxabcxx   ~ true
            content:"abc";                                   ~ xxABCxx   ~ false
            content:"abc"; nocase;                           ~ xxABCxx   ~ true
            content:"abc"; offset:2;                         ~ xxabc     ~ true
            content:"abc"; offset:3;                         ~ xxabc     ~ false
            content:"abc"; depth:4;                          ~ xabcx     ~ true
            content:"abc"; depth:3;                          ~ xabcx     ~ false
            content:"abc"; offset:1; depth:3;                ~ xabcx     ~ true
            content:"abc"; startswith;                       ~ abcx      ~ true
            content:"abc"; startswith;                       ~ xabc      ~ false
            content:"abc"; endswith;                         ~ xabc      ~ true
            content:"abc"; endswith;                         ~ abcx      ~ false
            content:!"abc";                                  ~ xyz       ~ true
            content:!"abc";                                  ~ xabcx     ~ false
            content:"ab"; content:"cd"; distance:2;          ~ abxxcd    ~ true
            content:"ab"; content:"cd"; distance:3;          ~ abxxcd    ~ false
            content:"ab"; content:"cd"; within:4;            ~ abxxcd    ~ true
            content:"ab"; content:"cd"; within:3;            ~ abxxcd    ~ false
            content:"ab"; content:"cd"; distance:0; within:2; ~ abcd ab xcd ~ true
            content:"ab"; content:"cd"; distance:0; within:2; ~ ab xcd    ~ false
            content:"ab"; content:!"cd"; distance:0; within:2; ~ abxx     ~ true
            content:"ab"; content:!"cd"; distance:0; within:2; ~ abcd     ~ false
            content:"|41 42|";                               ~ xABx      ~ true
            pcre:"/a.c/";                                    ~ xxabcxx   ~ true
            pcre:"/^abc/";                                   ~ xabc      ~ false
            pcre:"/ABC/i";                                   ~ xabcx     ~ true
            pcre:!"/abc/";                                   ~ xyz       ~ true
            content:"ab"; pcre:"/^c/R";                      ~ xxabcx    ~ true
            content:"ab"; pcre:"/^d/R";                      ~ xxabcx    ~ false
            dsize:5;                                         ~ abcde     ~ true
            dsize:>5;                                        ~ abcde     ~ false
            dsize:2<>9;                                      ~ abcde     ~ true
            isdataat:4;                                      ~ abcde     ~ true
            isdataat:5;                                      ~ abcde     ~ false
            isdataat:!5;                                     ~ abcde     ~ true
            content:"ab"; isdataat:2,relative;               ~ abcd      ~ true
            content:"ab"; isdataat:3,relative;               ~ abcd      ~ false
            byte_test:1,=,0x41,0;                            ~ Abc       ~ true
            byte_test:1,>,0x41,0;                            ~ Abc       ~ false
            byte_test:2,=,0x4142,1;                          ~ xABc      ~ true
            byte_test:2,=,0x4241,1,little;                   ~ xABc      ~ true
            byte_test:1,&,0x01,0;                            ~ Abc       ~ true
            byte_test:1,!=,0x41,0;                           ~ Abc       ~ false
            byte_test:3,=,123,0,string,dec;                  ~ 123x      ~ true
            byte_test:2,=,0x1f,0,string,hex;                 ~ 1fzz      ~ true
            byte_test:1,=,4,0,bitmask 0x0f;                  ~ Tz        ~ true
            byte_jump:1,0; content:"Z"; within:1;            ~ |03|xxZq  ~ false
            byte_jump:1,0; content:"Z"; distance:0; within:1; ~ |01|xZq  ~ true
            byte_jump:1,0,from_beginning; content:"Z"; distance:0; within:1; ~ |02|xZq ~ true
            byte_jump:1,0,post_offset 1; content:"q"; distance:0; within:1; ~ |01|xZq ~ true
            """)
    void payloadKeywords(String options, String payload, boolean expected) {
        String decoded = payload.strip().replace("|03|", "\u0003").replace("|02|", "\u0002").replace("|01|", "\u0001");
        assertThat(matches(options.strip(), decoded)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            alert tcp any any -> any any             | true
            alert udp any any -> any any             | false
            alert ip any any -> any any              | true
            alert tcp 10.0.0.1 any -> any any        | true
            alert tcp 10.0.0.2 any -> any any        | false
            alert tcp !10.0.0.1 any -> any any       | false
            alert tcp [10.0.0.0/24,!10.0.0.5] any -> 10.0.0.2 any | true
            alert tcp any any -> any 502             | true
            alert tcp any any -> any !502            | false
            alert tcp any any -> any [1:600]         | true
            alert tcp any 40000 -> any any           | true
            alert tcp any any -> any 40000           | false
            alert tcp any 502 -> any 40000           | false
            alert tcp any 502 <> any 40000           | true
            alert tcp 10.0.0.2 any <> 10.0.0.1 any   | true
            alert tcp $HOME_NET any -> $HOME_NET $MODBUS_PORTS | true
            alert tcp $EXTERNAL_NET any -> any any   | false
            """)
    void header(String header, boolean expected) {
        assertThat(matches(header.strip(), "content:\"x\";", "x")).isEqualTo(expected);
    }

    @Test
    void flowOptionsFollowTheFlow() {
        Matcher m = new Matcher(Packets.rules(
                "alert tcp any any -> any any (msg:\"s\"; flow:to_server; sid:1;)",
                "alert tcp any any -> any any (msg:\"c\"; flow:to_client; sid:2;)",
                "alert tcp any any -> any any (msg:\"e\"; flow:established; sid:3;)",
                "alert tcp any any -> any any (msg:\"n\"; flow:not_established; sid:4;)",
                "alert tcp any any -> any any (msg:\"m\"; app-layer-protocol:!modbus; sid:5;)"));
        PacketMeta p = Packets.packet(6, "10.0.0.1", 40000, "10.0.0.2", 502, "x");
        assertThat(Packets.sids(m, p)).containsExactly(1L, 4L, 5L);
        Flow f = new Flow(1, 6, false, p.source, 40000, p.destination, 502);
        f.established = true;
        f.app = Flow.App.MODBUS;
        p.flow = f;
        p.toServer = false;
        assertThat(Packets.sids(m, p)).containsExactly(2L, 3L);
    }

    @Test
    void passRuleStopsLaterRulesAndOrderIsPassDropRejectAlert() {
        Matcher m = new Matcher(Packets.rules(
                "alert tcp any any -> any any (msg:\"a\"; content:\"x\"; sid:1;)",
                "drop tcp any any -> any any (msg:\"d\"; content:\"x\"; sid:2;)",
                "reject tcp any any -> any any (msg:\"r\"; content:\"x\"; sid:3;)",
                "pass tcp any any -> any any (msg:\"p\"; content:\"pass\"; sid:4;)"));
        assertThat(Packets.sids(m, Packets.packet(6, "10.0.0.1", 1, "10.0.0.2", 2, "x"))).containsExactly(2L, 3L, 1L);
        assertThat(Packets.sids(m, Packets.packet(6, "10.0.0.1", 1, "10.0.0.2", 2, "x pass"))).containsExactly(4L);
    }

    @Test
    void thresholdAndDetectionFilterCountPerTrackKey() {
        Matcher m = new Matcher(Packets.rules(
                "alert tcp any any -> any any (msg:\"limit\"; content:\"L\"; threshold:type limit, track by_src, count 2, seconds 60; sid:1;)",
                "alert tcp any any -> any any (msg:\"every\"; content:\"T\"; threshold:type threshold, track by_src, count 3, seconds 60; sid:2;)",
                "alert tcp any any -> any any (msg:\"both\"; content:\"B\"; threshold:type both, track by_dst, count 2, seconds 60; sid:3;)",
                "alert tcp any any -> any any (msg:\"df\"; content:\"D\"; detection_filter:track by_src, count 2, seconds 60; sid:4;)"));
        int[] counts = new int[5];
        for (int i = 0; i < 7; i++) {
            for (long sid : Packets.sids(m, Packets.packet(6, "10.0.0.1", 1, "10.0.0.2", 2, "LTBD"))) {
                counts[(int) sid]++;
            }
        }
        assertThat(counts).containsExactly(0, 2, 2, 1, 5);
        // another source has its own counters
        assertThat(Packets.sids(m, Packets.packet(6, "10.0.0.9", 1, "10.0.0.2", 2, "L"))).containsExactly(1L);
        // after the period, the limit starts again
        PacketMeta later = Packets.packet(6, "10.0.0.1", 1, "10.0.0.2", 2, "L");
        later.timeNanos += 61_000_000_000L;
        assertThat(Packets.sids(m, later)).containsExactly(1L);
    }

    @Test
    void portBucketsOnlyHoldTheirRulesButCatchAllSeesEverything() {
        CompiledRules rules = Packets.rules(
                "alert tcp any any -> any 502 (msg:\"a\"; content:\"q\"; sid:1;)",
                "alert tcp any 502 -> any any (msg:\"b\"; content:\"q\"; sid:2;)",
                "alert udp any any -> any 502 (msg:\"c\"; content:\"q\"; sid:3;)",
                "alert tcp any any -> any any (msg:\"d\"; content:\"q\"; sid:4;)");
        Matcher m = new Matcher(rules);
        assertThat(Packets.sids(m, Packets.packet(6, "10.0.0.1", 5, "10.0.0.2", 502, "q"))).containsExactly(1L, 4L);
        assertThat(Packets.sids(m, Packets.packet(6, "10.0.0.1", 502, "10.0.0.2", 5, "q"))).containsExactly(2L, 4L);
        assertThat(Packets.sids(m, Packets.packet(17, "10.0.0.1", 5, "10.0.0.2", 502, "q"))).containsExactly(3L);
        assertThat(rules.summary()).contains("4 rules");
    }

    @Test
    void prefilterSkipsRulesWhosePatternIsAbsent() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            text.append("alert tcp any any -> any any (msg:\"r").append(i).append("\"; content:\"pattern-").append(i)
                    .append("-end\"; sid:").append(i).append(";)\n");
        }
        Matcher m = new Matcher(Packets.rules(text.toString()));
        List<Long> hit = Packets.sids(m, Packets.packet(6, "10.0.0.1", 1, "10.0.0.2", 2, "..pattern-77-end.."));
        assertThat(hit).containsExactly(77L);
        assertThat(m.evaluated()).as("only the candidate was evaluated").isEqualTo(1);
    }
}
