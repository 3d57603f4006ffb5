package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.packet.Ipv4;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Stage ips-block in the engine, with a scripted {@link TransitInspector} standing in for the
 * Network Protector (the real one lives in palisade-ips, which depends on this module; the CLI's
 * ReplayProtectorTest runs it end to end). The inspector blocks packets whose destination port
 * the test names and records the addresses of every packet it is shown.
 */
class IpsBlockTest {

    /** Blocks (drop) every packet to a destination port {@code blocked} accepts; records what it saw. */
    private static final class ScriptedInspector implements TransitInspector {
        final Result result = new Result();
        final List<String> seen = new ArrayList<>();
        IntPredicate blocked = port -> false;

        @Override
        public Result inspect(byte[] buffer, int l3Offset, int l3Length, long timeNanos) {
            int src = Ipv4.source(buffer, l3Offset);
            int dst = Ipv4.destination(buffer, l3Offset);
            int dport = ((buffer[l3Offset + 22] & 0xff) << 8) | (buffer[l3Offset + 23] & 0xff);
            seen.add(Ipv4Address.format(src) + ">" + Ipv4Address.format(dst) + ":" + dport);
            return blocked.test(dport) ? result.set(Action.DROP, 7, "blocked port") : result.pass();
        }
    }

    private static TestConfigs router() {
        return TestConfigs.router().rule("accept", "In", "tcp", "192.168.1.0/24", null, null, null);
    }

    @Test
    void theInspectorSeesPacketsAsTheyLookOnTheLanSide() {
        EngineHarness h = new EngineHarness(router().build());
        ScriptedInspector ips = new ScriptedInspector();
        h.engine.setTransitInspector(ips);
        h.lan(Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 502).syn().seq(1).build());
        // The answer arrives at the masqueraded address; the inspector sees it translated back.
        h.wan(Frames.tcp("203.0.113.10", 502, "198.51.100.2", 41000).synAck(2).seq(9).build());
        assertThat(ips.seen).containsExactly("192.168.1.30>203.0.113.10:502", "203.0.113.10>192.168.1.30:41000");
    }

    @Test
    void aBlockDenylistsTheSourceUntilTheConfigurationListsIt() {
        EngineHarness h = new EngineHarness(router().build());
        List<EngineEvent> events = new ArrayList<>();
        h.engine.setEventListener(events::add);
        ScriptedInspector ips = new ScriptedInspector();
        ips.blocked = port -> port == 502;
        h.engine.setTransitInspector(ips);

        Decision d = h.lan(Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 502).syn().seq(1).build());
        assertThat(d.verdict()).isEqualTo(Verdict.DROP);
        assertThat(d.stage()).isEqualTo(Stage.IPS_BLOCK);
        assertThat(d.sid()).isEqualTo(7);
        assertThat(d.reason()).isEqualTo("blocked port");
        assertThat(h.engine.connections().size()).as("a blocked SYN opens no connection").isZero();
        assertThat(events).containsExactly(new EngineEvent.SourceBlocked(Frames.ip("192.168.1.30"), 7, "blocked port", 1));
        assertThat(h.engine.runtimeDenylist()).extracting(e -> e.address().toString(), e -> e.signatureName())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.168.1.30", "blocked port"));

        // Any other traffic of that source now stops at ip-denylist, before the inspector.
        int inspected = ips.seen.size();
        assertThat(h.lan(Frames.tcp("192.168.1.30", 41001, "203.0.113.10", 80).syn().seq(1).build()).stage())
                .isEqualTo(Stage.IP_DENYLIST);
        assertThat(ips.seen).hasSize(inspected);

        // The management plane persisted it: the run-time list forgets it, the configuration keeps blocking.
        h.engine.apply(router().deny("192.168.1.30").build());
        assertThat(h.lan(Frames.tcp("192.168.1.30", 41002, "203.0.113.10", 80).syn().seq(1).build()).stage())
                .isEqualTo(Stage.IP_DENYLIST);
        assertThat(h.engine.runtimeDenylist()).isEmpty();
        // Removed from the configuration by an administrator: the source passes again.
        h.engine.apply(router().build());
        assertThat(h.lan(Frames.tcp("192.168.1.30", 41003, "203.0.113.10", 80).syn().seq(1).build()).verdict())
                .isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void withTheDenylistSwitchedOffOnlyMatchingPacketsAreDroppedButTheSourceIsStillRecorded() {
        EngineHarness h = new EngineHarness(router().lists(true, false).build());
        ScriptedInspector ips = new ScriptedInspector();
        ips.blocked = port -> port == 502;
        h.engine.setTransitInspector(ips);
        assertThat(h.lan(Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 502).syn().seq(1).build()).stage()).isEqualTo(Stage.IPS_BLOCK);
        assertThat(h.lan(Frames.tcp("192.168.1.30", 41001, "203.0.113.10", 80).syn().seq(1).build()).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(h.engine.runtimeDenylist()).hasSize(1);
    }

    @Test
    void aFailedInspectorBlocksTransitAtIpsStoppedUntilOneIsInstalled() {
        EngineHarness h = new EngineHarness(router().build());
        List<EngineEvent> events = new ArrayList<>();
        h.engine.setEventListener(events::add);
        h.engine.transitInspectorFailed("bad rules");
        assertThat(events).containsExactly(new EngineEvent.ProtectorFailed("bad rules"));
        assertThat(h.lan(Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 502).syn().seq(1).build()).stage()).isEqualTo(Stage.IPS_STOPPED);
        // Traffic to the gateway itself is not transit and still works.
        assertThat(h.lan(Frames.icmpEcho("192.168.1.30", "192.168.1.1", 1).build()).verdict()).isEqualTo(Verdict.ACCEPT);
        h.engine.setTransitInspector(new ScriptedInspector());
        assertThat(h.lan(Frames.tcp("192.168.1.30", 41001, "203.0.113.10", 502).syn().seq(1).build()).verdict()).isEqualTo(Verdict.ACCEPT);
    }
}
