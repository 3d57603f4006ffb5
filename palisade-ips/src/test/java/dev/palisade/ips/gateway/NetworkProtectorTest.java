package dev.palisade.ips.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.model.NetProtectorConfig;
import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineEvent;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Network Protector in a real {@link TrafficEngine}: rule loading, failure and reload. */
class NetworkProtectorTest {

    private static final String ALERT_WRITE = "alert modbus any any -> any any (msg:\"write\"; modbus: access write; sid:11;)\n";
    private static final String DROP_WRITE = "drop modbus any any -> any any (msg:\"write\"; modbus: access write; sid:12;)\n";
    // MBAP (transaction 2, protocol 0, length 6, unit 1), write single register 1 := 7.
    private static final byte[] WRITE = {0, 2, 0, 0, 0, 6, 1, 6, 0, 1, 0, 7};

    private final List<EngineEvent> events = new ArrayList<>();
    private final TrafficEngine engine = new TrafficEngine(
            TestConfigs.router().rule("accept", "In", "tcp", "192.168.1.0/24", null, null, "502").build(),
            EngineOptions.defaults().withConnectionCapacity(1024), FrameSink.DISCARD);
    private long now = 1_000_000_000L;

    NetworkProtectorTest() {
        engine.setEventListener(events::add);
    }

    private static List<RuleParser.RuleFile> rules(String text) {
        return List.of(new RuleParser.RuleFile(NetworkProtector.COMMANDS_FILE, text));
    }

    private Decision send(Interface in, byte[] frame) {
        now += 1_000_000L;
        return engine.process(in, LinkLayer.ETHERNET, frame, 0, frame.length, now, 0).copy();
    }

    private void handshake() {
        send(Interface.LAN, Frames.tcp("192.168.1.30", 50000, "203.0.113.10", 502).syn().seq(1000).build());
        send(Interface.WAN, Frames.tcp("203.0.113.10", 502, "198.51.100.2", 50000).synAck(1001).seq(5000).build());
        send(Interface.LAN, Frames.tcp("192.168.1.30", 50000, "203.0.113.10", 502).flags(0x10).seq(1001).ack(5001).build());
    }

    private Decision segment(int seq, byte[] payload) {
        return send(Interface.LAN, Frames.tcp("192.168.1.30", 50000, "203.0.113.10", 502).flags(0x18).seq(seq).ack(5001)
                .payload(payload).build());
    }

    @Test
    void newRulesApplyWithoutRestartAndAPduSplitAcrossTheReloadIsStillParsed() throws Exception {
        NetworkProtector ips = NetworkProtector.installInto(engine, rules(ALERT_WRITE), ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        assertThat(ips).isNotNull();
        handshake();
        // The first part of the write (MBAP header, function code, one byte) arrives under the
        // alert-only rules...
        assertThat(segment(1001, Arrays.copyOf(WRITE, 9)).verdict()).isEqualTo(Verdict.ACCEPT);
        ips.reload(rules(DROP_WRITE));
        // ...the second half completes the PDU under the new rules: the stream state survived.
        Decision d = segment(1010, Arrays.copyOfRange(WRITE, 9, WRITE.length));
        assertThat(d.stage()).isEqualTo(Stage.IPS_BLOCK);
        assertThat(d.sid()).isEqualTo(12);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(EngineEvent.SourceBlocked.class));
    }

    @Test
    void aWriteSplitAcrossSegmentsIsBlockedOnTheSegmentThatCompletesIt() throws Exception {
        NetworkProtector.installInto(engine, rules(DROP_WRITE), ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        handshake();
        assertThat(segment(1001, Arrays.copyOf(WRITE, 9)).verdict()).isEqualTo(Verdict.ACCEPT);
        Decision d = segment(1010, Arrays.copyOfRange(WRITE, 9, WRITE.length));
        assertThat(d.stage()).isEqualTo(Stage.IPS_BLOCK);
    }

    @Test
    void aReloadAppliesToTheNextPduOfARunningConnection() throws Exception {
        NetworkProtector ips = NetworkProtector.installInto(engine, rules(ALERT_WRITE), ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        handshake();
        assertThat(segment(1001, WRITE).verdict()).isEqualTo(Verdict.ACCEPT);
        ips.reload(rules(DROP_WRITE));
        byte[] w2 = WRITE.clone();
        w2[1] = 3;
        Decision d = segment(1013, w2);
        assertThat(d.stage()).isEqualTo(Stage.IPS_BLOCK);
    }

    @Test
    void refusedRulesOnReloadKeepTheRunningOnes() throws Exception {
        NetworkProtector ips = NetworkProtector.installInto(engine, rules(DROP_WRITE), ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        assertThatThrownBy(() -> ips.reload(rules("drop modbus any any -> any any (sid:90000001;)\n")))
                .isInstanceOf(NetworkProtector.RulesRejected.class).hasMessageContaining("industrial_commands.rules:1:");
        handshake();
        assertThat(segment(1001, WRITE).stage()).isEqualTo(Stage.IPS_BLOCK);
    }

    @Test
    void badRulesDoNotStartTheProtectorAndTellTheEngine() {
        assertThat(NetworkProtector.installInto(engine, rules("drop modbus any any -> any any (msg:\"x\"; modbus: function 999; sid:1;)\n"),
                ProtectorSettings.DEFAULTS, ProtectorListener.NONE)).isNull();
        assertThat(events).singleElement().isInstanceOfSatisfying(EngineEvent.ProtectorFailed.class,
                e -> assertThat(e.reason()).contains("industrial_commands.rules:1:"));
        Decision d = send(Interface.LAN, Frames.tcp("192.168.1.30", 50000, "203.0.113.10", 502).syn().seq(1000).build());
        assertThat(d.stage()).isEqualTo(Stage.IPS_STOPPED);
    }

    @Test
    void theConfigurationsTwoListsAreNamedAsTheSpecNamesThem() throws Exception {
        var files = NetworkProtector.files(new NetProtectorConfig(Optional.of(DROP_WRITE), Optional.of(ALERT_WRITE.replace("sid:11", "sid:13"))));
        assertThat(files).extracting(RuleParser.RuleFile::name).containsExactly("industrial_commands.rules", "industrial_anomalies.rules");
        assertThat(NetworkProtector.compile(files).size()).isEqualTo(2);
        assertThatThrownBy(() -> NetworkProtector.compile(NetworkProtector.files(new NetProtectorConfig(Optional.empty(), Optional.empty()))))
                .isInstanceOf(NetworkProtector.RulesRejected.class).hasMessage("no rules configured");
    }
}
