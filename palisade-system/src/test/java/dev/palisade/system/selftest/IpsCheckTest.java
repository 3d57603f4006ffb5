package dev.palisade.system.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The IPS check never passes without an IPS, and passes only with rules loaded and the known-bad packet detected. */
class IpsCheckTest {

    @Test
    void notRunWithoutAnIps() {
        CheckOutcome o = new IpsCheck(Optional::empty).run();
        assertThat(o.status()).isEqualTo(CheckStatus.NOT_RUN);
        assertThat(o.details()).containsExactly("no industrial IPS is installed");
        assertThat(IpsCheck.absent("not reachable from the command line").run().details()).containsExactly("not reachable from the command line");
    }

    @Test
    void passesWithRulesAndDetection() {
        CheckOutcome o = new IpsCheck(() -> Optional.of(() -> new IpsCheck.ProbeResult(12, true, "Modbus write to coil 1 by rule 7"))).run();
        assertThat(o.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(o.details()).containsExactly("12 rules loaded", "the known-bad packet was detected: Modbus write to coil 1 by rule 7");
    }

    @Test
    void failsWithoutRules() {
        CheckOutcome o = new IpsCheck(() -> Optional.of(() -> new IpsCheck.ProbeResult(0, true, "x"))).run();
        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.details().getFirst()).isEqualTo("no rules loaded");
    }

    @Test
    void failsWhenTheKnownBadPacketPasses() {
        CheckOutcome o = new IpsCheck(() -> Optional.of(() -> new IpsCheck.ProbeResult(3, false, "Modbus write to coil 1"))).run();
        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.details().get(1)).startsWith("the known-bad packet was NOT detected");
    }
}
