package dev.palisade.ips.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule structure: header, meta keywords, file layout, positions of errors, sids. */
class RuleParserTest {

    static final RuleParser PARSER = new RuleParser(RuleVariables.defaults(), TestProtocolKeywords.both());

    static RuleSet parse(String text) {
        return PARSER.parse("t.rules", text);
    }

    static Rule one(String text) {
        RuleSet rs = parse(text);
        assertThat(rs.diagnostics()).as("diagnostics").isEmpty();
        assertThat(rs.rules()).hasSize(1);
        return rs.rules().get(0);
    }

    static Diagnostic onlyError(String text) {
        RuleSet rs = parse(text);
        assertThat(rs.rules()).isEmpty();
        assertThat(rs.skipped()).isEmpty();
        assertThat(rs.rejected()).isEqualTo(1);
        assertThat(rs.errors()).hasSize(1);
        return rs.errors().get(0);
    }

    @Test
    void fullRuleIsRepresentedField_byField() {
        Rule r = one("drop tcp $EXTERNAL_NET any -> $HOME_NET 502 (msg:\"write \\\"coil\\\"\\; now\"; flow:to_server,established; "
                + "content:\"|00 05|\"; offset:7; depth:2; classtype:attempted-admin; reference:url,example.org/x; "
                + "metadata:created_at 2026_11_25, former_category ICS; sid:9100010; rev:3; gid:7; priority:2; "
                + "threshold:type limit, track by_src, count 1, seconds 60; target:dest_ip;)");
        assertThat(r.action()).isEqualTo(Action.DROP);
        assertThat(r.protocol()).isEqualTo("tcp");
        assertThat(r.transport()).isEqualTo(Transport.TCP);
        assertThat(r.appProtocol()).isEmpty();
        assertThat(r.source().text()).isEqualTo("$EXTERNAL_NET");
        assertThat(r.source().contains(0x08080808)).isTrue();
        assertThat(r.source().contains(0xC0A80001)).isFalse();
        assertThat(r.destination().contains(0x0A000001)).isTrue();
        assertThat(r.destinationPorts().singlePort()).isEqualTo(502);
        assertThat(r.sourcePorts().isAny()).isTrue();
        assertThat(r.direction()).isEqualTo(Direction.ONE_WAY);
        assertThat(r.msg()).isEqualTo("write \"coil\"; now");
        assertThat(r.sid()).isEqualTo(9100010);
        assertThat(r.rev()).isEqualTo(3);
        assertThat(r.gid()).isEqualTo(7);
        assertThat(r.priority()).isEqualTo(2);
        assertThat(r.classtype()).contains("attempted-admin");
        assertThat(r.references()).containsExactly("url,example.org/x");
        assertThat(r.metadata()).containsExactly("created_at 2026_11_25", "former_category ICS");
        assertThat(r.flow()).isEqualTo(new FlowOptions(FlowOptions.Side.TO_SERVER, FlowOptions.State.ESTABLISHED,
                FlowOptions.Stream.ANY, FlowOptions.Fragments.ANY));
        assertThat(r.threshold()).contains(new Threshold(Threshold.Type.LIMIT, Track.BY_SRC, 1, 60));
        assertThat(r.target()).contains("dest_ip");
        assertThat(r.buffers()).hasSize(1);
        ContentMatch c = (ContentMatch) r.matches(Buffer.PAYLOAD).get(0);
        assertThat(c.pattern()).containsExactly(0x00, 0x05);
        assertThat(c.offset()).hasValue(7);
        assertThat(c.depth()).hasValue(2);
        assertThat(r.line()).isEqualTo(1);
        assertThat(r.file()).isEqualTo("t.rules");
        assertThat(r).hasToString("[7:9100010:3] write \"coil\"; now");
    }

    @Test
    void defaultsWhenMetaIsAbsent() {
        Rule r = one("alert ip any any <> any any (sid:5;)");
        assertThat(r.gid()).isEqualTo(1);
        assertThat(r.rev()).isZero();
        assertThat(r.msg()).isEmpty();
        assertThat(r.priority()).isEqualTo(3);
        assertThat(r.direction()).isEqualTo(Direction.BOTH);
        assertThat(r.transport()).isEqualTo(Transport.ANY);
        assertThat(r.flow()).isEqualTo(FlowOptions.ANY);
        assertThat(r.prefilter()).isEmpty();
        assertThat(one("alert tcp any any -> any any (classtype:attempted-admin; sid:5;)").priority()).isEqualTo(1);
        assertThat(one("alert tcp any any -> any any (classtype:attempted-admin; priority:4; sid:5;)").priority()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alert|ALERT", "drop|DROP", "reject|REJECT", "pass|PASS", "rejectboth|REJECT"})
    void actions(String written, Action action) {
        assertThat(one(written + " tcp any any -> any any (sid:1;)").action()).isEqualTo(action);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp|TCP", "udp|UDP", "ip|ANY", "modbus|TCP", "mqtt|TCP"})
    void protocols(String written, Transport transport) {
        Rule r = one("alert " + written + " any any -> any any (sid:1;)");
        assertThat(r.transport()).isEqualTo(transport);
        assertThat(r.appProtocol().isPresent()).isEqualTo(written.startsWith("m"));
    }

    @Test
    void multiLineRulesCommentsAndBlankLines() {
        String text = """
                # a comment line
                
                alert tcp any any -> any any (msg:"split"; \\
                    content:"abc"; \\
                    sid:1;)
                   # indented comment
                alert tcp any any -> any any (msg:"second"; sid:2;)\r
                """;
        RuleSet rs = parse(text);
        assertThat(rs.diagnostics()).isEmpty();
        assertThat(rs.rules()).extracting(Rule::sid).containsExactly(1L, 2L);
        assertThat(rs.rules()).extracting(Rule::line).containsExactly(3, 7);
        assertThat(rs.rules().get(0).text()).isEqualTo("alert tcp any any -> any any (msg:\"split\";     content:\"abc\";     sid:1;)");
    }

    @Test
    void errorsPointAtThePhysicalLineAndColumnOfMultiLineRules() {
        String text = "alert tcp any any -> any any (msg:\"x\"; \\\n    content:\"abc\"; depth:2; \\\n    sid:1;)\n";
        Diagnostic d = onlyError(text);
        assertThat(d.line()).isEqualTo(2);
        assertThat(d.column()).isEqualTo(26);
        assertThat(d.reason()).contains("depth 2 is smaller than the content (3 bytes)");
        assertThat(d).hasToString("t.rules:2:26: error: depth 2 is smaller than the content (3 bytes): it can never match");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "alrt tcp any any -> any any (sid:1;)|1|unknown action 'alrt'",
        "alert tpc any any -> any any (sid:1;)|7|unknown protocol 'tpc'",
        "alert tcp any any <- any any (sid:1;)|19|'<-' is not a direction",
        "alert tcp any any -> any (sid:1;)|25|rule header has 6 parts",
        "alert tcp any any -> any any sid:1;|36|missing '('",
        "alert tcp any any -> any any (sid:1;|37|must end with ')'",
        "alert tcp any any -> any any (msg:\"x\"; sid:1)|45|the last option must end with ';'",
        "alert tcp any any -> any any (msg:\"x\";; sid:1;)|39|empty option",
        "alert tcp any any -> any any (msg:\"x\"; bogus_kw; sid:1;)|40|unknown rule keyword 'bogus_kw'",
        "alert tcp any any -> any any (msg:\"x\"; sid:1; sid:2;)|47|duplicate sid",
        "alert tcp any any -> any any (msg:\"x\"; msg:\"y\"; sid:1;)|40|duplicate msg",
        "alert tcp any any -> any any (msg:\"x\"; sid:0;)|44|sid 0 is out of range",
        "alert tcp any any -> any any (msg:\"x\"; sid:abc;)|44|sid 'abc' is not a number",
        "alert tcp any any -> any any (msg:\"x\"; sid:90000001;)|44|sid 90000001 is reserved",
        "alert tcp any any -> any any (msg:\"x\";)|1|rule has no sid",
        "alert tcp any any -> any any (msg:\"x; sid:1;)|35|unbalanced",
        "alert tcp any any -> any any (rev:1; rev:2; sid:1;)|38|duplicate rev",
        "alert tcp any any -> any any (gid:x; sid:1;)|35|gid 'x' is not a number",
        "alert tcp any any -> any any (priority:256; sid:1;)|40|priority 256 is out of range 0-255",
        "alert tcp any any -> any any (reference:cve; sid:1;)|41|reference is written reference:type,id",
        "alert tcp any any -> any any (target:both; sid:1;)|38|target is src_ip or dest_ip",
        "alert tcp any any -> any any (classtype:a b; sid:1;)|41|is not a classtype name",
        "alert tcp any any -> any any (noalert:1; sid:1;)|39|noalert takes no value",
        "alert tcp any any -> any any (msg; sid:1;)|31|msg needs a value",
        "alert tcp any any -> any any (flow:to_server,to_client; sid:1;)|46|flow to_client contradicts",
        "alert tcp any any -> any any (flow:established,stateless; sid:1;)|48|flow stateless contradicts established",
        "alert tcp any any -> any any (flow:only_stream,no_stream; sid:1;)|48|flow no_stream contradicts only_stream",
        "alert tcp any any -> any any (flow:to_server; flow:established; sid:1;)|47|duplicate flow",
        "alert tcp any any -> any any (flow:sideways; sid:1;)|36|unknown flow option 'sideways'",
        "alert tcp any any -> any any (threshold:type limit, track by_flow, count 1, seconds 60; sid:1;)|41|track 'by_flow'",
        "alert tcp any any -> any any (threshold:type most, track by_src, count 1, seconds 60; sid:1;)|41|threshold type 'most'",
        "alert tcp any any -> any any (threshold:type limit, track by_src, count 1; sid:1;)|41|threshold needs seconds",
        "alert tcp any any -> any any (threshold:type limit, track by_src, count x, seconds 1; sid:1;)|41|count 'x' is not a number",
        "alert tcp any any -> any any (threshold:type limit, type limit, track by_src, count 1, seconds 1; sid:1;)|53|sets type twice",
        "alert tcp any any -> any any (threshold:type limit, track by_src, count 1, seconds 1, speed 3; sid:1;)|87|no setting 'speed'",
        "alert tcp any any -> any any (threshold:limit; sid:1;)|41|list of 'key value' pairs",
        "alert tcp any any -> any any (threshold:type limit, track by_src, count 1, seconds 60; detection_filter:track by_src, count 2, seconds 5; sid:1;)|88|threshold and detection_filter cannot be used in the same rule",
        "alert tcp any any -> any any (detection_filter:track by_src, count 2; sid:1;)|48|detection_filter needs seconds",
        "alert tcp any any -> any any (app-layer-protocol:gopher; sid:1;)|50|unknown protocol 'gopher'",
        "alert tcp any any -> any any (app-layer-protocol:modbus,later; sid:1;)|56|mode 'later'",
        "alert tcp any any -> any any (app-layer-event:gopher.x; sid:1;)|47|unknown protocol 'gopher'",
        "alert tcp any any -> any any (app-layer-event:nodot; sid:1;)|47|protocol.event",
        "alert udp any any -> any any (app-layer-event:modbus.flooded; sid:1;)|47|modbus runs over TCP but the rule header says udp",
        "alert modbus any any -> any any (app-layer-event:mqtt.double_connect; sid:1;)|50|mixes protocols modbus and mqtt",
        "alert tcp any any -> any any (Bad Name:1; sid:1;)|31|is not a keyword"})
    void structuralErrorsArePositioned(String rule, int column, String reason) {
        Diagnostic d = onlyError(rule);
        assertThat(d.reason()).contains(reason);
        assertThat(d.column()).isEqualTo(column);
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.level()).isEqualTo(Diagnostic.Level.ERROR);
    }

    @Test
    void severalErrorsInOneRuleAreAllReported() {
        RuleSet rs = parse("alert tcp any 99999 -> any any (flow:sideways; content:\"a\"; depth:0; sid:1;)");
        assertThat(rs.errors()).extracting(Diagnostic::reason).hasSize(3)
                .anySatisfy(r -> assertThat(r).contains("port 99999"))
                .anySatisfy(r -> assertThat(r).contains("sideways"))
                .anySatisfy(r -> assertThat(r).contains("depth 0"));
        assertThat(rs.rejected()).isEqualTo(1);
    }

    @Test
    void aBadRuleDoesNotHideTheOthers() {
        RuleSet rs = parse("""
                alert tcp any any -> any any (sid:1;)
                alert tcp any any -> any any (sid:2; oops;)
                alert http any any -> any any (sid:3;)
                alert tcp any any -> any any (sid:4;)
                """);
        assertThat(rs.rules()).extracting(Rule::sid).containsExactly(1L, 4L);
        assertThat(rs.skipped()).extracting(SkippedRule::sid).containsExactly(3L);
        assertThat(rs.rejected()).isEqualTo(1);
        assertThat(rs.diagnostics()).extracting(Diagnostic::line).containsExactly(2, 3);
        assertThat(rs.summary()).isEqualTo("2 rules loaded, 1 skipped, 1 with errors");
        assertThat(rs.hasErrors()).isTrue();
    }

    @Test
    void duplicateSidsAreRefusedAcrossFilesButGidSeparates() {
        RuleSet rs = PARSER.parse(List.of(
                new RuleParser.RuleFile("industrial_commands.rules", "alert tcp any any -> any any (sid:10;)\n"),
                new RuleParser.RuleFile("industrial_anomalies.rules",
                        "alert tcp any any -> any any (msg:\"again\"; sid:10;)\nalert tcp any any -> any any (gid:2; sid:10;)\n")));
        assertThat(rs.rules()).extracting(Rule::gid).containsExactly(1L, 2L);
        assertThat(rs.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("industrial_anomalies.rules");
            assertThat(d.column()).isEqualTo(44);
            assertThat(d.reason()).isEqualTo("duplicate signature: gid 1 sid 10 was already defined at industrial_commands.rules:1");
        });
    }

    @Test
    void duplicateSidsAlsoCountSkippedRules() {
        RuleSet rs = parse("alert http any any -> any any (sid:10;)\nalert tcp any any -> any any (sid:10;)\n");
        assertThat(rs.skipped()).hasSize(1);
        assertThat(rs.rules()).isEmpty();
        assertThat(rs.errors()).singleElement().satisfies(d -> assertThat(d.line()).isEqualTo(2));
    }

    @Test
    void unknownClasstypeIsAWarningAndTheRuleLoads() {
        RuleSet rs = parse("alert tcp any any -> any any (classtype:made-up; sid:1;)");
        assertThat(rs.rules()).hasSize(1);
        assertThat(rs.warnings()).singleElement().satisfies(d -> {
            assertThat(d.column()).isEqualTo(41);
            assertThat(d.reason()).contains("unknown classtype 'made-up'");
        });
        assertThat(rs.rules().get(0).priority()).isEqualTo(3);
    }

    @Test
    void flowSynonymsAndDetectionFilter() {
        Rule r = one("alert tcp any any -> any any (flow:from_server,not_established,no_stream,only_frag; "
                + "detection_filter:track by_dst, count 5, seconds 10; noalert; sid:1;)");
        assertThat(r.flow()).isEqualTo(new FlowOptions(FlowOptions.Side.TO_CLIENT, FlowOptions.State.NOT_ESTABLISHED,
                FlowOptions.Stream.NO_STREAM, FlowOptions.Fragments.ONLY_FRAG));
        assertThat(r.detectionFilter()).contains(new DetectionFilter(Track.BY_DST, 5, 10));
        assertThat(r.noalert()).isTrue();
        assertThat(one("alert tcp any any -> any any (flow:from_client; sid:1;)").flow().side()).isEqualTo(FlowOptions.Side.TO_SERVER);
    }

    @Test
    void keywordNamesAreCaseInsensitiveAndSpacingIsFree() {
        Rule r = one("alert tcp any any -> any any (  MSG : \"x\" ;   Content:\"a\";Sid :  12 ;   )");
        assertThat(r.sid()).isEqualTo(12);
        assertThat(r.msg()).isEqualTo("x");
    }

    @Test
    void variablesComeFromTheVariablesObject() {
        RuleParser p = new RuleParser(RuleVariables.defaults().withAddress("HOME_NET", "192.0.2.0/24")
                .withPort("$MODBUS_PORTS", "[502,5020]"), List.of());
        RuleSet rs = p.parse("v.rules", "alert tcp $EXTERNAL_NET any -> $MODBUS_SERVER $MODBUS_PORTS (sid:1;)");
        Rule r = rs.rules().get(0);
        assertThat(r.destination().contains(0xC0000205)).isTrue();
        assertThat(r.destination().contains(0x0A000001)).isFalse();
        assertThat(r.source().contains(0x0A000001)).isTrue();
        assertThat(r.source().contains(0xC0000205)).isFalse();
        assertThat(r.destinationPorts().contains(5020)).isTrue();
        assertThat(r.destinationPorts().contains(503)).isFalse();
    }

    @Test
    void aBadVariableValueIsReportedAtTheRuleThatUsesIt() {
        RuleParser p = new RuleParser(RuleVariables.defaults().withAddress("PLC_NET", "[10.0.0.0/33]"), List.of());
        Diagnostic d = p.parse("v.rules", "alert tcp any any -> $PLC_NET any (sid:1;)").errors().get(0);
        assertThat(d.column()).isEqualTo(22);
        assertThat(d.reason()).isEqualTo("destination address: in $PLC_NET = \"[10.0.0.0/33]\": prefix length /33 is larger than 32");
    }

    @Test
    void selfReferringVariablesAreRefused() {
        RuleParser p = new RuleParser(RuleVariables.empty().withAddress("A", "[$B]").withAddress("B", "!$A"), List.of());
        assertThat(p.parse("v", "alert tcp $A any -> any any (sid:1;)").errors().get(0).reason()).contains("refers to itself");
    }

    @Test
    void variableNamesAreChecked() {
        assertThatThrownBy(() -> RuleVariables.empty().withAddress("BAD NAME", "any")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuleVariables.empty().withPort("P", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RuleVariables.defaults().port("MODBUS_PORTS")).contains("502");
        assertThat(RuleVariables.defaults().address("EXTERNAL_NET")).contains("!$HOME_NET");
        assertThat(RuleVariables.defaults().addressNames()).contains("HOME_NET", "HTTP_SERVERS", "DNP3_SERVER", "ENIP_CLIENT");
    }

    @Test
    void ipv6OnlyGroupsAreSkippedNotRefused() {
        RuleSet rs = parse("alert tcp 2001:db8::/32 any -> any any (sid:1;)");
        assertThat(rs.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("IPv6"));
        assertThat(rs.warnings()).singleElement().satisfies(d -> assertThat(d.reason())
                .isEqualTo("rule 1 skipped: the source addresses are all IPv6, which the gateway drops"));
        Rule mixed = one("alert tcp [2001:db8::1,10.0.0.1] any -> any any (sid:2;)");
        assertThat(mixed.source().namesIpv6()).isTrue();
        assertThat(mixed.source().contains(0x0A000001)).isTrue();
    }

    @Test
    void theParserRefusesTwoKeywordSetsForOneProtocol() {
        assertThatThrownBy(() -> new RuleParser(RuleVariables.defaults(),
                List.of(TestProtocolKeywords.mqtt(), TestProtocolKeywords.mqtt()))).isInstanceOf(IllegalArgumentException.class);
    }
}
