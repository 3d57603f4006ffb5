package dev.palisade.ips.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.ips.rules.TestProtocolKeywords.TestCondition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the parser hands protocol keywords to the engines' {@link ProtocolKeywords} (here the test
 * fixture {@link TestProtocolKeywords}), and how it treats rules for what Palisade does not inspect.
 */
class ProtocolKeywordsWiringTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = ProtocolKeywordsWiringTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void valueKeywordsBecomeConditionsInRuleOrder() {
        Rule r = RuleParserTest.one("alert mqtt any any -> any any (mqtt.type:PUBLISH; mqtt.qos:1; mqtt.flags: !retain,\\;dup ; sid:1;)");
        assertThat(r.conditions()).containsExactly(new TestCondition("mqtt.type", "PUBLISH"),
                new TestCondition("mqtt.qos", "1"), new TestCondition("mqtt.flags", "!retain,;dup"));
        assertThat(r.appProtocol()).contains("mqtt");
        assertThat(r.buffers()).isEmpty();
    }

    @Test
    void theModbusKeywordInATcpRuleMakesItAModbusRule() {
        Rule r = RuleParserTest.one("alert tcp any any -> any 502 (modbus: access write holding, address <100; sid:1;)");
        assertThat(r.conditions()).containsExactly(new TestCondition("modbus", "access write holding, address <100"));
        assertThat(r.appProtocol()).contains("modbus");
        assertThat(r.transport()).isEqualTo(Transport.TCP);
        Rule ip = RuleParserTest.one("alert ip any any -> any any (modbus: unit 1; sid:2;)");
        assertThat(ip.transport()).isEqualTo(Transport.TCP);
    }

    @Test
    void anEngineRefusalBecomesAPositionedError() {
        Diagnostic d = RuleParserTest.onlyError("alert modbus any any -> any any (msg:\"x\"; modbus: function 300; sid:1;)");
        assertThat(d.reason()).isEqualTo("modbus: function code 300 is larger than 255");
        assertThat(d.column()).isEqualTo(51);
        Diagnostic none = RuleParserTest.onlyError("alert mqtt any any -> any any (mqtt.qos; sid:1;)");
        assertThat(none.reason()).isEqualTo("mqtt.qos: needs a value");
        assertThat(none.column()).isEqualTo(32);
    }

    @Test
    void stickyBuffersCollectTheFollowingPayloadKeywords() {
        Rule r = RuleParserTest.one("alert mqtt any any -> any any (content:\"|30|\"; depth:1; mqtt.publish.topic; content:\"plant/\"; "
                + "startswith; pcre:\"/line[0-9]+/R\"; bsize:<64; mqtt.publish.message; content:\"|FF D8|\"; fast_pattern; "
                + "pkt_data; content:\"x\"; distance:0; sid:1;)");
        assertThat(r.buffers()).extracting(BufferMatches::buffer).containsExactly(Buffer.PAYLOAD,
                new Buffer("mqtt.publish.topic"), new Buffer("mqtt.publish.message"));
        assertThat(r.matches(Buffer.PAYLOAD)).hasSize(2);
        List<PayloadMatch> topic = r.matches(new Buffer("mqtt.publish.topic"));
        assertThat(topic).hasSize(3);
        assertThat(((ContentMatch) topic.get(0)).startsWith()).isTrue();
        assertThat(((PcreMatch) topic.get(1)).relative()).isTrue();
        assertThat(topic.get(2)).isEqualTo(new SizeMatch(SizeMatch.Comparison.LESS, 64, 64));
        assertThat(r.prefilter().orElseThrow().buffer()).isEqualTo(new Buffer("mqtt.publish.message"));
        assertThat(r.matches(new Buffer("mqtt.connect.username"))).isEmpty();
    }

    @Test
    void relativeKeywordsCountOnlyTheirOwnBuffer() {
        Diagnostic d = RuleParserTest.onlyError("alert mqtt any any -> any any (content:\"a\"; mqtt.connect.username; pcre:\"/b/R\"; sid:1;)");
        assertThat(d.reason()).contains("needs a preceding content or pcre in the same buffer");
        Diagnostic v = RuleParserTest.onlyError("alert mqtt any any -> any any (mqtt.connect.username:x; sid:1;)");
        assertThat(v.reason()).contains("is a sticky buffer and takes no value");
    }

    @Test
    void framesAreBuffersTheEngineDeclares() {
        Rule r = RuleParserTest.one("alert mqtt any any -> any any (frame:pdu; content:\"|10|\"; startswith; bsize:13; sid:1;)");
        assertThat(r.buffers()).extracting(BufferMatches::buffer).containsExactly(new Buffer("frame:mqtt.pdu"));
        Rule explicit = RuleParserTest.one("alert tcp any any -> any any (frame:mqtt.header; content:\"|20|\"; sid:2;)");
        assertThat(explicit.appProtocol()).contains("mqtt");
        RuleSet unknown = RuleParserTest.parse("alert mqtt any any -> any any (frame:trailer; content:\"x\"; sid:3;)");
        assertThat(unknown.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo(
                "frame mqtt.trailer is not provided by Palisade"));
        assertThat(RuleParserTest.onlyError("alert tcp any any -> any any (frame:pdu; sid:4;)").reason())
                .contains("frame pdu needs an application protocol");
    }

    @Test
    void eventsAreCheckedAgainstTheEngine() {
        Rule r = RuleParserTest.one("alert tcp any any -> any any (app-layer-event:mqtt.too_many_transactions; sid:1;)");
        assertThat(r.events()).containsExactly(new AppLayerEvent("mqtt", "too_many_transactions"));
        assertThat(r.appProtocol()).contains("mqtt");
        RuleSet typo = RuleParserTest.parse("alert mqtt any any -> any any (app-layer-event:mqtt.double_conect; sid:1;)");
        assertThat(typo.errors()).isEmpty();
        assertThat(typo.rules()).isEmpty();
        assertThat(typo.warnings()).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("rule 1 skipped: mqtt has no event 'double_conect'; its events are double_connect, "
                    + "invalid_qos_level");
            assertThat(d.column()).isEqualTo(53);
        });
    }

    @Test
    void appLayerProtocolOfAnInspectedProtocol() {
        Rule r = RuleParserTest.one("alert tcp any any -> any any (app-layer-protocol:modbus; sid:1;)");
        assertThat(r.appProtocol()).contains("modbus");
        assertThat(r.appLayerProtocol()).contains(new AppProtocolMatch("modbus", false));
        Rule not = RuleParserTest.one("alert tcp any any -> any 502 (app-layer-protocol:!modbus,final; sid:2;)");
        assertThat(not.appProtocol()).isEmpty();
        assertThat(not.appLayerProtocol()).contains(new AppProtocolMatch("modbus", true));
    }

    @Test
    void ownModbusAnomalyFixtureLoadsWithoutDiagnostics() throws IOException {
        RuleSet rs = RuleParserTest.PARSER.parse("modbus-anomalies.rules", fixture("modbus-anomalies.rules"));
        assertThat(rs.diagnostics()).isEmpty();
        assertThat(rs.rules()).hasSize(8).allSatisfy(r -> {
            assertThat(r.appProtocol()).contains("modbus");
            assertThat(r.events()).hasSize(1);
            assertThat(r.priority()).isEqualTo(3);
        });
        assertThat(rs.rules().get(5).flow().side()).isEqualTo(FlowOptions.Side.TO_CLIENT);
    }

    @Test
    void ownCommandFixtureLoadsWithoutDiagnostics() throws IOException {
        RuleSet rs = RuleParserTest.PARSER.parse("industrial-commands.rules", fixture("industrial-commands.rules"));
        assertThat(rs.diagnostics()).isEmpty();
        assertThat(rs.rules()).extracting(Rule::sid).containsExactly(9200101L, 9200102L, 9200103L, 9200104L, 9200105L);
        assertThat(rs.rules()).extracting(Rule::line).containsExactly(2, 4, 5, 7, 9);
        assertThat(rs.rules().get(0).action()).isEqualTo(Action.DROP);
        assertThat(rs.rules().get(2).action()).isEqualTo(Action.REJECT);
        assertThat(rs.rules().get(2).prefilter().orElseThrow().bytes()).containsExactly(0, 0);
    }

    @Test
    void suricataOnlyRulesAreSkippedWithAWarningEach() throws IOException {
        RuleSet rs = RuleParserTest.PARSER.parse("suricata-mix.rules", fixture("suricata-mix.rules"));
        assertThat(rs.errors()).isEmpty();
        assertThat(rs.rules()).isEmpty();
        assertThat(rs.skipped()).hasSize(17);
        assertThat(rs.warnings()).hasSize(17).allSatisfy(w -> assertThat(w.reason()).startsWith("rule 93000"));
        assertThat(rs.skipped()).extracting(SkippedRule::reason).contains(
                "protocol http is not inspected by Palisade",
                "keyword http_method is not supported by Palisade",
                "protocol pkthdr is not inspected by Palisade",
                "keyword stream-event is not supported by Palisade",
                "keyword flowint is not supported by Palisade",
                "app-layer-protocol http: protocol http is not inspected by Palisade",
                "protocol ipv6: the gateway drops IPv6 traffic",
                "app-layer event applayer_mismatch_protocol_both_directions is not raised by Palisade",
                "keyword file.data is not supported by Palisade");
        assertThat(rs.warnings().get(0)).hasToString(
                "suricata-mix.rules:3:7: warning: rule 9300001 skipped: protocol http is not inspected by Palisade");
    }

    @Test
    void aKeywordNeitherSuricataNorTheEngineKnowsIsAnError() {
        Diagnostic d = RuleParserTest.onlyError("alert mqtt any any -> any any (mqtt.publish.topik; content:\"x\"; sid:1;)");
        assertThat(d.reason()).isEqualTo("unknown rule keyword 'mqtt.publish.topik'");
        RuleSet without = new RuleParser(RuleVariables.defaults(), List.of())
                .parse("x", "alert tcp any any -> any any (mqtt.connect.protocol_string; content:\"MQTT\"; sid:1;)");
        assertThat(without.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .isEqualTo("keyword mqtt.connect.protocol_string needs the mqtt engine, which Palisade does not have installed"));
    }

    @Test
    void withoutEnginesModbusAndMqttRulesAreSkippedNotRefused() throws IOException {
        RuleParser bare = new RuleParser(RuleVariables.defaults(), List.of());
        RuleSet rs = bare.parse("x", fixture("modbus-anomalies.rules") + fixture("industrial-commands.rules"));
        assertThat(rs.errors()).isEmpty();
        assertThat(rs.rules()).extracting(Rule::sid).containsExactly(9200103L);
        assertThat(rs.skipped()).hasSize(12);
        assertThat(rs.skipped()).extracting(SkippedRule::reason)
                .contains("protocol modbus is not inspected: Palisade's modbus engine is not installed",
                        "protocol mqtt is not inspected: Palisade's mqtt engine is not installed");
        RuleSet tcpModbus = bare.parse("y", "alert tcp any any -> any any (modbus: unit 1; sid:1;)");
        assertThat(tcpModbus.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .isEqualTo("keyword modbus needs the modbus engine, which Palisade does not have installed"));
    }

    @Test
    void anEngineThatThrowsUnexpectedlyCostsOnlyItsRule() {
        ProtocolKeywords broken = new ProtocolKeywords() {
            @Override public String protocol() { return "modbus"; }
            @Override public boolean isBuffer(String name) { return false; }
            @Override public boolean isKeyword(String name) { return name.equals("modbus"); }
            @Override public ProtocolCondition parse(String name, String value) { throw new IllegalStateException("bug"); }
            @Override public Set<String> eventNames() { throw new UnsupportedOperationException("no events"); }
        };
        RuleParser p = new RuleParser(RuleVariables.defaults(), List.of(broken));
        RuleSet rs = p.parse("b", "alert modbus any any -> any any (modbus: unit 1; sid:1;)\n"
                + "alert modbus any any -> any any (app-layer-event:modbus.flooded; sid:2;)\n"
                + "alert modbus any any -> any any (sid:3;)\n");
        assertThat(rs.rules()).extracting(Rule::sid).containsExactly(3L);
        assertThat(rs.errors()).extracting(Diagnostic::reason).containsExactly(
                "the modbus engine failed on modbus: java.lang.IllegalStateException: bug",
                "the modbus engine failed to list its events: java.lang.UnsupportedOperationException: no events");
    }

    @Test
    void filesAreReadFromDiskAndUnreadableOnesReported(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("industrial_commands.rules");
        Files.writeString(good, fixture("industrial-commands.rules"));
        Path latin = dir.resolve("latin1.rules");
        Files.write(latin, "alert tcp any any -> any any (msg:\"caf\u00e9\"; content:\"\u00e9\"; sid:1;)\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        RuleSet rs = RuleParserTest.PARSER.parseFiles(List.of(good, latin, dir.resolve("missing.rules")));
        assertThat(rs.rules()).hasSize(6);
        assertThat(rs.rules().get(5).msg()).isEqualTo("caf\u00e9");
        assertThat(rs.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).endsWith("missing.rules");
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.reason()).startsWith("cannot read the rule file");
        });
        assertThat(rs.rejected()).isEqualTo(1);
    }

    @Test
    void installedProtocolsComeFromTheServiceLoader() {
        // No engine registers itself in this module yet; the fixture is deliberately not a service.
        assertThat(RuleParser.withInstalledProtocols(RuleVariables.defaults()).protocols()).doesNotContain("test");
    }
}
