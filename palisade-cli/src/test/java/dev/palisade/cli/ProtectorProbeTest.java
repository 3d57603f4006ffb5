package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.system.selftest.CheckStatus;
import dev.palisade.system.selftest.IpsCheck;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The self-test's IPS probe over a real Network Protector: rules counted, the known-bad packet detected, and when it is not. */
class ProtectorProbeTest {

    static List<RuleParser.RuleFile> rules(String text) {
        return List.of(new RuleParser.RuleFile(NetworkProtector.COMMANDS_FILE, text));
    }

    static IpsCheck.ProbeResult probe(String text) throws NetworkProtector.RulesRejected {
        List<RuleParser.RuleFile> files = rules(text);
        NetworkProtector running = NetworkProtector.start(files, ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        return new ProtectorProbe(running, files).probe();
    }

    @Test
    void theKnownBadPacketIsDetectedByTheSelfTestRule() throws Exception {
        IpsCheck.ProbeResult r = probe("alert modbus any any -> any any (msg:\"read\"; modbus: function 3; sid:1;)\n"
                + "drop modbus any any -> any any (msg:\"diag\"; modbus: function 8; sid:2;)\n");
        assertThat(r.rulesLoaded()).isEqualTo(2);
        assertThat(r.knownBadDetected()).isTrue();
        assertThat(r.detail()).contains("by sid " + ProtectorProbe.SID);
    }

    @Test
    void aConfiguredDropOfTheSamePacketDecides() throws Exception {
        IpsCheck.ProbeResult r = probe("drop modbus any any -> any 502 (msg:\"no writes\"; modbus: function 5; sid:77;)\n");
        assertThat(r.knownBadDetected()).isTrue();
        assertThat(r.detail()).contains("drop by sid 77");
    }

    @Test
    void aConfiguredPassRuleDoesNotFailTheCheckButIsReported() throws Exception {
        IpsCheck.ProbeResult r = probe("pass modbus any any -> any 502 (msg:\"trusted\"; sid:5;)\n");
        assertThat(r.knownBadDetected()).isTrue();
        assertThat(r.detail()).contains("passed by configured rule sid 5").contains("the detector alone detects it");
    }

    @Test
    void theCheckPassesOnlyWithRulesLoadedAndTheDetection() throws Exception {
        List<RuleParser.RuleFile> files = rules("alert modbus any any -> any any (msg:\"read\"; modbus: function 3; sid:1;)\n");
        NetworkProtector running = NetworkProtector.start(files, ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        IpsCheck check = new IpsCheck(() -> Optional.of(new ProtectorProbe(running, files)));
        assertThat(check.run().status()).isEqualTo(CheckStatus.PASSED);
        // Rule files that no longer compile (as if changed on disk since the start) fail the check.
        IpsCheck broken = new IpsCheck(() -> Optional.of(new ProtectorProbe(running, rules("alert modbus nonsense\n"))));
        assertThat(broken.run().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(new IpsCheck(Optional::empty, () -> "installed, not configured").run().details()).containsExactly("installed, not configured");
    }
}
