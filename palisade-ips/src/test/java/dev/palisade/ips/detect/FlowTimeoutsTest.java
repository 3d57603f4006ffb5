package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.testing.Frames;
import org.junit.jupiter.api.Test;

/**
 * Idle timeouts from Suricata's {@code flow-timeouts}: a configuration without that section gets
 * Suricata's built-in 300 s for established TCP (not the 600 s of its shipped suricata.yaml, which
 * the gateway uses), so a connection idle for 434 s, as in the public capture bro fuzz-1011, ends
 * and its next packet starts a new flow, as in Suricata (docs/ips-modbus.md, D5).
 */
class FlowTimeoutsTest {

    @Test
    void aConfigurationWithoutTheSectionTakesSuricatasBuiltInValues() {
        ProtectorSettings s = SuricataConfig.parse("stream:\n  midstream: true\n").settings(ProtectorSettings.DEFAULTS);
        assertThat(s.timeouts()).isEqualTo(new FlowTimeouts(30, 300, 30, 300)).isEqualTo(FlowTimeouts.BUILT_IN);
        assertThat(ProtectorSettings.DEFAULTS.timeouts()).isEqualTo(new FlowTimeouts(60, 600, 30, 300));
    }

    @Test
    void theSectionIsReadAndCheckedPerProtocolAndState() {
        ProtectorSettings s = SuricataConfig.parse("""
                flow-timeouts:
                  default:
                    established: 99
                  tcp:
                    new: 60
                    established: 600
                  udp:
                    established: 120
                """).settings(ProtectorSettings.DEFAULTS);
        // "default" applies to other protocols only, as in Suricata's FlowInitFlowProto
        assertThat(s.timeouts()).isEqualTo(new FlowTimeouts(60, 600, 30, 120));
        assertThat(SuricataConfig.empty().with("flow-timeouts.tcp.established=3600").settings(ProtectorSettings.DEFAULTS)
                .timeouts().tcpEstablished()).isEqualTo(3600);
        assertThatThrownBy(() -> SuricataConfig.empty().with("flow-timeouts.tcp.established=0").settings(ProtectorSettings.DEFAULTS))
                .hasMessageContaining("flow-timeouts.tcp.established");
        assertThatThrownBy(() -> SuricataConfig.empty().with("flow-timeouts.udp.new=soon").settings(ProtectorSettings.DEFAULTS))
                .hasMessageContaining("flow-timeouts.udp.new");
        assertThatThrownBy(() -> new FlowTimeouts(1, FlowTimeouts.MAX_SECONDS + 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEstablishedConnectionIdleLongerThanItsTimeoutEndsAndItsNextPacketStartsAnother() {
        assertThat(flowsOfAConnectionIdle434s(ProtectorSettings.DEFAULTS.withTimeouts(FlowTimeouts.BUILT_IN))).hasSize(2);
        assertThat(flowsOfAConnectionIdle434s(ProtectorSettings.DEFAULTS)).hasSize(1);
    }

    private static java.util.List<String> flowsOfAConnectionIdle434s(ProtectorSettings settings) {
        ProtectorTest.Recorder rec = new ProtectorTest.Recorder();
        Protector p = new Protector(Packets.rules(), settings, rec);
        // read input registers (tid 1, unit 1, address 0, quantity 1), picked up midstream; then the same 434 s later
        byte[] request = {0, 1, 0, 0, 0, 6, 1, 4, 0, 0, 0, 1};
        byte[] first = Frames.tcp("10.1.1.234", 51411, "10.10.5.104", 502).flags(0x18).seq(1).ack(1).payload(request).build();
        request[1] = 2;
        byte[] later = Frames.tcp("10.1.1.234", 51411, "10.10.5.104", 502).flags(0x18).seq(13).ack(1).payload(request).build();
        p.inspectFrame(first, 0, first.length, 1, 1_000_000_000L);
        p.inspectFrame(later, 0, later.length, 1, 435_000_000_000L);
        p.finish();
        assertThat(rec.transactions).hasSize(2);
        return rec.flows;
    }
}
