package dev.palisade.management.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.management.MutableClock;
import dev.palisade.management.RecordingAudit;
import dev.palisade.management.account.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The single-session rules, idle expiry, certificate binding and token shape. */
class SessionRegistryTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final RecordingAudit audit = new RecordingAudit();
    int idle = 5;
    final SessionRegistry sessions = new SessionRegistry(clock, () -> idle, audit);
    final byte[] adminCert = {1};
    final byte[] userCert = {2};

    @Test
    void identifiersAndTokensAre256RandomBits() throws Exception {
        Session a = sessions.open(Role.ADMINISTRATOR, "admin", adminCert, false);
        Session b = sessions.open(Role.ADMINISTRATOR, "admin", adminCert, false);
        assertThat(Base64.getUrlDecoder().decode(a.id())).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(a.csrfToken())).hasSize(32);
        assertThat(a.id()).isNotEqualTo(b.id()).isNotEqualTo(a.csrfToken());
        assertThat(a.toString()).doesNotContain(a.id(), a.csrfToken());
        // The second sign-in of the same role replaced the first.
        assertThat(sessions.resume(a.id(), adminCert)).isEmpty();
        assertThat(sessions.resume(b.id(), adminCert)).isPresent();
    }

    @Test
    void administratorPreemptsUserButNotTheOtherWayRound() throws Exception {
        Session user = sessions.open(Role.USER, "user", userCert, false);
        Session admin = sessions.open(Role.ADMINISTRATOR, "admin", adminCert, false);
        assertThat(sessions.resume(user.id(), userCert)).isEmpty();
        assertThatThrownBy(() -> sessions.open(Role.USER, "user", userCert, false)).isInstanceOf(SessionRegistry.Busy.class);
        sessions.close(admin.id());
        assertThat(sessions.open(Role.USER, "user", userCert, false)).isNotNull();
    }

    @Test
    void idleSessionsEndAndTheIdlePeriodIsReadEachTime() throws Exception {
        Session s = sessions.open(Role.USER, "user", userCert, false);
        clock.advance(Duration.ofMinutes(5));
        assertThat(sessions.resume(s.id(), userCert)).isPresent();
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThat(sessions.resume(s.id(), userCert)).isEmpty();
        idle = 1;
        Session t = sessions.open(Role.USER, "user", userCert, false);
        clock.advance(Duration.ofSeconds(61));
        assertThat(sessions.resume(t.id(), userCert)).isEmpty();
        // An expired administrator session no longer keeps the user out.
        idle = 5;
        sessions.open(Role.ADMINISTRATOR, "admin", adminCert, false);
        clock.advance(Duration.ofMinutes(6));
        assertThat(sessions.open(Role.USER, "user", userCert, false)).isNotNull();
    }

    @Test
    void aSessionIsBoundToItsCertificateAndCsrfTokenIsCheckedExactly() throws Exception {
        Session s = sessions.open(Role.ADMINISTRATOR, "admin", adminCert, false);
        assertThat(sessions.resume(s.id(), userCert)).isEmpty();
        assertThat(sessions.resume(s.id() + "x", adminCert)).isEmpty();
        assertThat(sessions.resume(null, adminCert)).isEmpty();
        assertThat(SessionRegistry.csrfMatches(s, s.csrfToken())).isTrue();
        assertThat(SessionRegistry.csrfMatches(s, s.csrfToken().substring(1))).isFalse();
        assertThat(SessionRegistry.csrfMatches(s, null)).isFalse();
    }
}
