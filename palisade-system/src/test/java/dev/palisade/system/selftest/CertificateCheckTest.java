package dev.palisade.system.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The certificate check passes with the JDK's PKIX validator and fails when validation is made to refuse the good chain. */
class CertificateCheckTest {

    @Test
    void acceptsTheTrustedChainAndRefusesAnotherCa() {
        CheckOutcome o = new CertificateCheck(Clock.systemUTC()).run();
        assertThat(o.status()).as(o.details().toString()).isEqualTo(CheckStatus.PASSED);
        assertThat(o.details()).containsExactly("a client certificate of the trusted CA is accepted",
                "a client certificate of another CA with the same name is refused");
    }

    @Test
    void failsWhenTheGoodChainIsRefused() {
        // Validation a day after issuance: the one-hour test certificates have expired.
        Clock clock = Clock.systemUTC();
        CheckOutcome o = new CertificateCheck(clock, () -> Instant.now().plus(Duration.ofDays(1))).run();
        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.details().getFirst()).startsWith("a client certificate of the trusted CA is refused");
    }
}
