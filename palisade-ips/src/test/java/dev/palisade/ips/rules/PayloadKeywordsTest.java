package dev.palisade.ips.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** content and its modifiers, pcre, byte_test, byte_jump, isdataat, bsize, dsize, and the prefilter choice. */
class PayloadKeywordsTest {

    static final String HEAD = "alert tcp any any -> any any (";

    static Rule rule(String options) {
        return RuleParserTest.one(HEAD + options + " sid:1;)");
    }

    static List<PayloadMatch> payload(String options) {
        return rule(options).matches(Buffer.PAYLOAD);
    }

    static ContentMatch content(String options) {
        return (ContentMatch) payload(options).get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "content:\"abc\"; => 616263",
        "content:\"|00 01 ff|\"; => 0001ff",
        "content:\"|0001FF|\"; => 0001ff",
        "content:\"a|3B|b\"; => 613b62",
        "content:\"a\\;b\"; => 613b62",
        "content:\"a\\\"b\"; => 612262",
        "content:\"a\\\\b\"; => 615c62",
        "content:\"a\\:b\"; => 613a62",
        "content:\"a:b\"; => 613a62",
        "content:\"|41| |42|\"; => 412042",
        "content: \"x\" ; => 78",
        "content:\"é\"; => c3a9"})
    void contentBytes(String option, String hex) {
        ContentMatch c = content(option);
        assertThat(java.util.HexFormat.of().formatHex(c.pattern())).isEqualTo(hex);
        assertThat(c.negated()).isFalse();
        assertThat(c.length()).isEqualTo(hex.length() / 2);
    }

    @Test
    void negatedContentAndModifiers() {
        ContentMatch c = content("content:!\"admin\"; nocase; offset:2; depth:10;");
        assertThat(c.negated()).isTrue();
        assertThat(c.nocase()).isTrue();
        assertThat(c.offset()).hasValue(2);
        assertThat(c.depth()).hasValue(10);
        assertThat(c.fastPattern()).isEqualTo(ContentMatch.FastPattern.NONE);
        assertThat(c.relative()).isFalse();
        assertThat(c).hasToString("content:!\"admin\"; nocase; offset:2; depth:10;");
    }

    @Test
    void relativeModifiersAttachToTheContentBeforeThem() {
        List<PayloadMatch> ms = payload("content:\"|00 00|\"; offset:2; depth:2; content:\"|00 06|\"; distance:0; within:4; "
                + "content:\"z\"; distance:-3; startswith; endswith; rawbytes;".replace("startswith; ", ""));
        ContentMatch second = (ContentMatch) ms.get(1);
        assertThat(second.distance()).hasValue(0);
        assertThat(second.within()).hasValue(4);
        assertThat(second.relative()).isTrue();
        ContentMatch third = (ContentMatch) ms.get(2);
        assertThat(third.distance()).hasValue(-3);
        assertThat(third.endsWith()).isTrue();
        assertThat(((ContentMatch) ms.get(0)).relative()).isFalse();
        ContentMatch sw = content("content:\"GET\"; startswith;");
        assertThat(sw.startsWith()).isTrue();
    }

    @Test
    void contentModifiersDoNotNeedToFollowDirectly() {
        List<PayloadMatch> ms = payload("content:\"abc\"; pcre:\"/x/\"; nocase;");
        assertThat(((ContentMatch) ms.get(0)).nocase()).isTrue();
    }

    /** Each row: the options, the text the error must point at (its last occurrence), and the reason. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "content:abc; => abc => must be double quoted",
        "content:\"abc; => \"abc => must be double quoted",
        "content:\"\"; => \"\" => content is empty",
        "content:\"a\\x\"; => \\x => '\\x' is not an escape",
        "content:\"a\"b\"; => \"b => must be escaped as \\\"",
        "content:\"|4|\"; => |\" => odd number of hex digits",
        "content:\"|4g|\"; => g => 'g' is not a hex digit",
        "content:\"|41\"; => |41 => is never closed",
        "content; => content => content needs a value",
        "nocase; => nocase => nocase needs a preceding content",
        "distance:1; content:\"a\"; => distance => distance needs a preceding content",
        "content:\"a\"; nocase; nocase; => nocase => nocase is given twice",
        "content:\"abc\"; depth:2; => 2 => depth 2 is smaller than the content (3 bytes)",
        "content:\"a\"; depth:0; => 0 => depth 0 is smaller",
        "content:\"abc\"; within:2; => 2 => within 2 is smaller than the content",
        "content:\"a\"; offset:-1; => -1 => offset must be at least 0, not -1",
        "content:\"a\"; offset:1x; => 1x => offset '1x' is not a number",
        "content:\"a\"; offset; => offset => offset needs a value",
        "content:\"a\"; offset:1; offset:2; => offset:2 => offset is given twice",
        "content:\"a\"; offset:1; distance:2; => distance => distance cannot be combined with offset or depth",
        "content:\"a\"; distance:1; depth:2; => depth => depth cannot be combined with distance or within",
        "content:\"a\"; distance:1; distance:2; => distance:2 => distance is given twice",
        "content:\"a\"; startswith; offset:1; => offset => offset cannot be used with startswith",
        "content:\"a\"; depth:1; startswith; => startswith => startswith cannot be combined",
        "content:\"a\"; startswith; within:5; => within => within cannot be used with startswith",
        "content:\"a\"; endswith; endswith; => endswith => endswith is given twice",
        "content:\"a\"; startswith:1; => 1 => startswith takes no value",
        "content:\"a\"; fast_pattern; content:\"b\"; fast_pattern; => fast_pattern => fast_pattern can be used on only one content",
        "content:\"a\"; fast_pattern:only; content:\"b\"; distance:0; => distance => relative to a content marked fast_pattern:only",
        "content:\"abc\"; fast_pattern:2,5; => 2,5 => reaches past the end of the content",
        "content:\"abc\"; fast_pattern:x; => x => fast_pattern takes no value, 'only', or offset,length",
        "content:\"abc\"; fast_pattern:only; depth:3; => content: => fast_pattern:only cannot be combined",
        "content:!\"abc\"; fast_pattern; offset:3; => content => fast_pattern cannot be used on a negated content",
        "content:\"a\"; mqtt.publish.topic; nocase; => nocase => nocase needs a preceding content in the same buffer"})
    void contentErrors(String options, String at, String reason) {
        String head = "alert mqtt any any -> any any (";
        Diagnostic d = RuleParserTest.onlyError(head + options + " sid:1;)");
        assertThat(d.reason()).contains(reason);
        int expected = head.length() + (at.startsWith("content") ? options.indexOf(at) : options.lastIndexOf(at)) + 1;
        assertThat(d.column()).as("column of '%s'", at).isEqualTo(expected);
    }

    @Test
    void fastPatternSliceAndOnly() {
        ContentMatch c = content("content:\"abcdef\"; fast_pattern:1,3;");
        assertThat(new String(c.prefilterBytes(), StandardCharsets.US_ASCII)).isEqualTo("bcd");
        assertThat(c).hasToString("content:\"abcdef\"; fast_pattern:1,3;");
        assertThat(content("content:\"abcdef\"; fast_pattern:only;").fastPattern()).isEqualTo(ContentMatch.FastPattern.ONLY);
    }

    @Test
    void prefilterIsTheExplicitFastPatternElseTheLongestPositiveContent() {
        Rule longest = rule("content:\"ab\"; content:!\"negated-and-long\"; content:\"abcd\"; content:\"wxyz\";");
        assertThat(new String(longest.prefilter().orElseThrow().bytes(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
        assertThat(longest.prefilter().orElseThrow().buffer()).isEqualTo(Buffer.PAYLOAD);
        Rule explicit = rule("content:\"abcdef\"; content:\"xy\"; fast_pattern;");
        assertThat(new String(explicit.prefilter().orElseThrow().bytes(), StandardCharsets.US_ASCII)).isEqualTo("xy");
        assertThat(rule("content:!\"abc\";").prefilter()).isEmpty();
        assertThat(rule("pcre:\"/abc/\";").prefilter()).isEmpty();
    }

    @Test
    void pcreCompilesWithFlags() {
        PcreMatch p = (PcreMatch) payload("content:\"x\"; pcre:\"/^ab+c$/smiR\";").get(1);
        assertThat(p.relative()).isTrue();
        assertThat(p.negated()).isFalse();
        assertThat(p.pattern().matcher("x\nABBC\n").find()).isTrue();
        assertThat(p).hasToString("pcre:\"/^ab+c$/smiR\";");
        PcreMatch neg = (PcreMatch) payload("pcre:!\"/a\\;b/A\";").get(0);
        assertThat(neg.negated()).isTrue();
        assertThat(neg.anchored()).isTrue();
        assertThat(neg.pattern().matcher("a;b").find()).isTrue();
        PcreMatch lazy = (PcreMatch) payload("pcre:\"/a+/G\";").get(0);
        java.util.regex.MatchResult r = null;
        com.google.re2j.Matcher m = lazy.pattern().matcher("aaa");
        assertThat(m.find()).isTrue();
        assertThat(m.group()).isEqualTo("a");
        assertThat(r).isNull();
        PcreMatch bytes = (PcreMatch) payload("pcre:\"/\\xff\\x00/\";").get(0);
        assertThat(bytes.pattern().matcher("\u00ff\u0000").find()).isTrue();
        PcreMatch withSlash = (PcreMatch) payload("pcre:\"/a\\/b/\";").get(0);
        assertThat(withSlash.pattern().matcher("a/b").find()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "pcre:\"/(a)\\1/\"; => back-reference \\1 is not supported",
        "pcre:\"/a(?=b)/\"; => lookahead (?=) is not supported",
        "pcre:\"/a(?!b)/\"; => lookahead (?!) is not supported",
        "pcre:\"/(?<=a)b/\"; => lookbehind (?<=) is not supported",
        "pcre:\"/(?<!a)b/\"; => lookbehind (?<!) is not supported",
        "pcre:\"/(?>a+)b/\"; => atomic group (?>) is not supported",
        "pcre:\"/a++/\"; => possessive quantifier ++ is not supported",
        "pcre:\"/(?(1)a|b)/\"; => conditional group",
        "pcre:\"/(a(?R)?b)/\"; => recursion",
        "pcre:\"/(?<n>a)\\k<n>/\"; => back-reference \\k",
        "pcre:\"/a\\Z/\"; => use \\z",
        "pcre:\"/a\\h/\"; => use [ \\t]",
        "pcre:\"/a[/\"; => missing closing ]",
        "pcre:\"/a/q\"; => unknown pcre flag 'q'",
        "pcre:\"/a b/x\"; => flag 'x' (extended syntax) is not supported",
        "pcre:\"abc\"; => pcre must be written /regex/flags",
        "pcre:\"/abc\"; => no closing '/'",
        "pcre:/abc/; => must be double quoted",
        "pcre:\"/a/R\"; => needs a preceding content or pcre in the same buffer",
        "pcre:\"/((a{100}){100}){100}/\"; => too large once its counted repetitions are expanded",
        "pcre:\"/a{1001}/\"; => invalid repeat count"})
    void pcreRefusals(String option, String reason) {
        Diagnostic d = RuleParserTest.onlyError(HEAD + option + " sid:1;)");
        assertThat(d.reason()).contains(reason);
        assertThat(d.column()).isBetween(31, 60);
    }

    @Test
    void pcreCharacterClassesDoNotLookLikeConstructs() {
        assertThat(payload("pcre:\"/[(?=]\\\\1[+]+/\";")).hasSize(1);
        assertThat(payload("pcre:\"/[]a]\\d{2,4}/\";")).hasSize(1);
    }

    @Test
    void pcreHttpFlagsSkipTheRule() {
        RuleSet rs = RuleParserTest.parse(HEAD + "pcre:\"/admin/Ui\"; sid:1;)");
        assertThat(rs.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("'U' inspects an HTTP buffer"));
    }

    @Test
    void byteTestForms() {
        ByteTest t = (ByteTest) payload("content:\"x\"; byte_test:2,>,0x10,0,relative,little,bitmask 0x0ff0;").get(1);
        assertThat(t).isEqualTo(new ByteTest(2, false, ByteTest.Operator.GREATER, 16, 0, true, NumberFormat.LITTLE_ENDIAN, 0x0ff0));
        ByteTest s = (ByteTest) payload("byte_test:4,!=,1234,-2,relative,string,dec;").get(0);
        assertThat(s).isEqualTo(new ByteTest(4, true, ByteTest.Operator.EQUAL, 1234, -2, true, NumberFormat.STRING_DEC, 0));
        ByteTest h = (ByteTest) payload("byte_test:10,<=,255,0,string,hex;").get(0);
        assertThat(h.format()).isEqualTo(NumberFormat.STRING_HEX);
        assertThat(h.operator()).isEqualTo(ByteTest.Operator.LESS_OR_EQUAL);
        ByteTest amp = (ByteTest) payload("byte_test:1,&,0x80,3;").get(0);
        assertThat(amp.format()).isEqualTo(NumberFormat.BIG_ENDIAN);
        assertThat(amp.operator()).isEqualTo(ByteTest.Operator.AND);
        assertThat(amp.relative()).isFalse();
        assertThat(((ByteTest) payload("byte_test:1,^,1,0;").get(0)).operator()).isEqualTo(ByteTest.Operator.XOR);
    }

    @Test
    void byteJumpForms() {
        ByteJump j = (ByteJump) payload("content:\"x\"; byte_jump:2,1,relative,multiplier 2,little,align,post_offset -4,bitmask 0x3fff;").get(1);
        assertThat(j).isEqualTo(new ByteJump(2, 1, true, 2, NumberFormat.LITTLE_ENDIAN, true, false, false, -4, 0x3fff));
        ByteJump f = (ByteJump) payload("byte_jump:3,0,string,oct,from_beginning;").get(0);
        assertThat(f.format()).isEqualTo(NumberFormat.STRING_OCT);
        assertThat(f.fromBeginning()).isTrue();
        assertThat(((ByteJump) payload("byte_jump:4,0,from_end;").get(0)).fromEnd()).isTrue();
    }

    @Test
    void isDataAtAndSizes() {
        assertThat(payload("content:\"x\"; isdataat:!2,relative;").get(1)).isEqualTo(new IsDataAt(2, true, true));
        assertThat(payload("isdataat:10,rawbytes;").get(0)).isEqualTo(new IsDataAt(10, false, false));
        assertThat(rule("dsize:>100;").payloadSize()).contains(new SizeMatch(SizeMatch.Comparison.GREATER, 100, 100));
        assertThat(rule("dsize:10<>20;").payloadSize()).contains(new SizeMatch(SizeMatch.Comparison.BETWEEN, 10, 20));
        assertThat(rule("dsize:!0;").payloadSize().orElseThrow().test(1)).isTrue();
        assertThat(rule("dsize:<=3;").payloadSize().orElseThrow().test(4)).isFalse();
        assertThat(rule("dsize:>=3;").payloadSize().orElseThrow().test(3)).isTrue();
        assertThat(rule("dsize:7;").payloadSize().orElseThrow().test(7)).isTrue();
        SizeMatch between = new SizeMatch(SizeMatch.Comparison.BETWEEN, 10, 20);
        assertThat(between.test(10)).isFalse();
        assertThat(between.test(15)).isTrue();
        assertThat(new SizeMatch(SizeMatch.Comparison.LESS, 5, 5).test(4)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "byte_test:9,>,1,0; => reads 1 to 8 bytes (up to 23 with string), not '9'",
        "byte_test:24,>,1,0,string; => reads 1 to 23 bytes as a string",
        "byte_test:2,~,1,0; => operator '~' is not one of",
        "byte_test:2,>,zz-1,0; => value 'zz-1' is not a number",
        "byte_test:2,>,1; => byte_test is written",
        "byte_test:2,>,1,1x; => offset '1x' is not a number",
        "byte_test:2,>,1,0,sideways; => has no option 'sideways'",
        "byte_test:2,>,1,0,big,little; => cannot be both big_endian and little",
        "byte_test:2,>,1,0,hex; => hex needs string before it",
        "byte_test:2,>,1,0,string,big; => big, little and dce do not apply",
        "byte_test:2,>,1,0,bitmask 0; => bitmask needs a non-zero 32-bit number",
        "byte_jump:2; => byte_jump is written",
        "byte_jump:2,0,multiplier 0; => multiplier needs a number from 1 to 65535",
        "byte_jump:2,0,post_offset x; => post_offset needs a number",
        "byte_jump:2,0,from_beginning,from_end; => cannot jump from_beginning and from_end at once",
        "byte_jump:0,0; => reads 1 to 8 bytes",
        "isdataat:x-1; => isdataat needs an offset from 0 to 65535",
        "isdataat:1,sideways; => isdataat has no option 'sideways'",
        "bsize:10; => bsize needs a sticky buffer before it",
        "dsize:20<>10; => needs two numbers, the first smaller",
        "dsize:big; => is not a size",
        "dsize:1; dsize:2; => duplicate dsize"})
    void byteAndSizeErrors(String option, String reason) {
        Diagnostic d = RuleParserTest.onlyError(HEAD + option + " sid:1;)");
        assertThat(d.reason()).contains(reason);
    }

    @Test
    void byteExtractVariablesSkipTheRule() {
        RuleSet rs = RuleParserTest.parse(HEAD + "byte_extract:2,0,len; content:\"x\"; distance:len; byte_test:2,>,len,0; sid:1;)");
        assertThat(rs.errors()).isEmpty();
        assertThat(rs.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("byte_extract is not supported"));
        RuleSet var = RuleParserTest.parse(HEAD + "content:\"x\"; within:len; sid:2;)");
        assertThat(var.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("uses variable len"));
    }
}
