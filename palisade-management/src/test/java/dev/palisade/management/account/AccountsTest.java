package dev.palisade.management.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.management.MutableClock;
import dev.palisade.management.RecordingAudit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credential validity, user enablement and persistence of the account state, without the server. */
class AccountsTest {

    static final PasswordHasher HASHER = new PasswordHasher(256, 1, 1);
    static final byte[] ADMIN = new byte[32];
    static final byte[] USER = new byte[32];

    static {
        ADMIN[0] = 1;
        USER[0] = 2;
    }

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final RecordingAudit audit = new RecordingAudit();
    Accounts accounts;

    @BeforeEach
    void open() throws Exception {
        accounts = Accounts.open(new AccountStore(dir.resolve("accounts.json")), HASHER, clock, audit, ADMIN);
        accounts.changeCredentials(Role.ADMINISTRATOR, "admin", "adminadmin", "admin", "Admin.Pass1");
        accounts.changeCredentials(Role.USER, "admin", "useruser", "op", "User.Pass22");
        accounts.setCertificate(Role.USER, "admin", USER);
    }

    @Test
    void expiredUserIsBlockedAndExpiredAdministratorMustChange() throws Exception {
        clock.advance(Duration.ofDays(170));
        SignInResult.Success warned = (SignInResult.Success) accounts.signIn(ADMIN, "admin", "Admin.Pass1");
        assertThat(warned.warnings()).anySatisfy(w -> assertThat(w).contains("expire in 10 days"));
        assertThat(warned.mustChangePassword()).isFalse();
        clock.advance(Duration.ofDays(10));
        assertThat(accounts.signIn(USER, "op", "User.Pass22"))
                .isInstanceOfSatisfying(SignInResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(SignInResult.Reason.EXPIRED));
        assertThat(audit.types()).contains(AuditEventType.USER_ACCOUNT_CREDENTIALS_EXPIRED);
        SignInResult.Success admin = (SignInResult.Success) accounts.signIn(ADMIN, "admin", "Admin.Pass1");
        assertThat(admin.mustChangePassword()).isTrue();
        // Changing the password renews the validity.
        accounts.changeCredentials(Role.ADMINISTRATOR, "admin", "Admin.Pass1", "admin", "Admin.Pass2");
        assertThat(((SignInResult.Success) accounts.signIn(ADMIN, "admin", "Admin.Pass2")).mustChangePassword()).isFalse();
    }

    @Test
    void theStateSurvivesReopeningIncludingALockout() throws Exception {
        for (int i = 0; i < 5; i++) {
            accounts.signIn(ADMIN, "admin", "bad");
        }
        Accounts reopened = Accounts.open(new AccountStore(dir.resolve("accounts.json")), HASHER, clock, audit, new byte[32]);
        assertThat(reopened.lockedUntil()).isPresent();
        assertThat(reopened.account(Role.USER).name()).isEqualTo("op");
        assertThat(reopened.account(Role.USER).enabled()).isTrue();
        clock.advance(Duration.ofMinutes(6));
        assertThat(reopened.signIn(ADMIN, "admin", "Admin.Pass1")).isInstanceOf(SignInResult.Success.class);
    }

    @Test
    void theTwoAccountsCannotShareAName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> accounts.changeCredentials(Role.USER, "admin", "User.Pass22", "admin", "User.Pass33"))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("already has this name");
    }
}
