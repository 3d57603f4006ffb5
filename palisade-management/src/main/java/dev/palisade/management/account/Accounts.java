package dev.palisade.management.account;

import dev.palisade.audit.AuditEventType;
import dev.palisade.management.AuditTrail;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two accounts and the rules of signing in with them. Thread-safe: every operation holds the
 * instance lock, reads the state, and persists the new state atomically before it takes effect,
 * so a failed write changes nothing.
 *
 * <p>Sign-in order: lockout first (a locked gateway does not even hash); then the certificate
 * fingerprint is compared with both accounts' (constant time, both always compared) and picks the
 * account; then the password is verified even when the name is wrong (so timing does not tell
 * which was wrong). Every failure counts towards the lockout, which — as in the specification, "the
 * system is temporarily blocked" — applies to the gateway, not to one account.
 */
public final class Accounts {

    /** How many previous passwords are remembered for the "no reuse" rule. */
    public static final int PASSWORD_HISTORY = 24;

    /** The first-run administrator credentials of the specification. */
    public static final String DEFAULT_ADMIN_NAME = "admin";
    public static final String DEFAULT_ADMIN_PASSWORD = "adminadmin";
    /** The first-run user credentials of the specification (the administrator replaces them). */
    public static final String DEFAULT_USER_NAME = "user";
    public static final String DEFAULT_USER_PASSWORD = "useruser";

    private static final String GENERIC_REFUSAL = "wrong name or password, or the certificate is not the one uploaded for this account";

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final AuditTrail audit;
    private AccountStore.State state;

    private Accounts(AccountStore store, PasswordHasher hasher, Clock clock, AuditTrail audit, AccountStore.State state) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.audit = audit;
        this.state = state;
    }

    /**
     * Opens the store, creating the first-run accounts when it does not exist: {@code admin} /
     * {@code adminadmin} (must be changed at first sign-in) bound to {@code adminCertificateSha256},
     * and {@code user} / {@code useruser} with no certificate (cannot sign in yet).
     */
    public static Accounts open(AccountStore store, PasswordHasher hasher, Clock clock, AuditTrail audit,
            byte[] adminCertificateSha256) throws IOException {
        if (store.exists()) {
            return new Accounts(store, hasher, clock, audit, store.load());
        }
        Instant now = clock.instant();
        Map<Role, Account> accounts = new EnumMap<>(Role.class);
        accounts.put(Role.ADMINISTRATOR, new Account(Role.ADMINISTRATOR, DEFAULT_ADMIN_NAME, hasher.hash(DEFAULT_ADMIN_PASSWORD),
                List.of(), now, true, Optional.of(HexFormat.of().formatHex(adminCertificateSha256))));
        accounts.put(Role.USER, new Account(Role.USER, DEFAULT_USER_NAME, hasher.hash(DEFAULT_USER_PASSWORD),
                List.of(), now, true, Optional.empty()));
        AccountStore.State initial = new AccountStore.State(AccountSettings.DEFAULTS, accounts, 0, Optional.empty());
        store.save(initial);
        return new Accounts(store, hasher, clock, audit, initial);
    }

    public synchronized AccountSettings settings() {
        return state.settings();
    }

    public synchronized Account account(Role role) {
        return state.accounts().get(role);
    }

    /**
     * Whether a session of {@code role} may go on ("if an administrator or user account credentials
     * expire during an active session, the session is terminated"): the account must still be
     * enabled and its credentials unexpired; a session opened to change expired credentials
     * ({@code confinedToChange}) may go on so the change can be made.
     */
    public synchronized boolean sessionMayContinue(Role role, boolean confinedToChange) {
        Account account = state.accounts().get(role);
        if (!account.enabled()) {
            return false;
        }
        boolean expired = !clock.instant().isBefore(account.credentialsExpireAt(state.settings()));
        return !expired || (role == Role.ADMINISTRATOR && confinedToChange);
    }

    /** Until when sign-in is locked, if it is now. */
    public synchronized Optional<Instant> lockedUntil() {
        return state.lockedUntil().filter(clock.instant()::isBefore);
    }

    /** Signs in with the TLS client certificate's SHA-256 and the name and password typed. */
    public synchronized SignInResult signIn(byte[] certificateSha256, String name, String password) throws IOException {
        Instant now = clock.instant();
        Optional<Instant> locked = state.lockedUntil();
        if (locked.isPresent() && now.isBefore(locked.get())) {
            return new SignInResult.Refused(SignInResult.Reason.LOCKED,
                    "sign-in is locked after too many failed attempts; try again after " + locked.get(), locked.get());
        }
        Role role = null;
        for (Role candidate : Role.values()) {
            Optional<String> stored = state.accounts().get(candidate).certificateSha256();
            byte[] expected = stored.map(HexFormat.of()::parseHex).orElse(new byte[32]);
            boolean match = stored.isPresent() && MessageDigest.isEqual(expected, certificateSha256);
            if (match && role == null) {
                role = candidate;
            }
        }
        if (role == null) {
            audit.record(AuditEventType.USER_AUTHENTICATION_ERROR_INVALID_CERTIFICATE, "Authenticator", Map.of("user name", safe(name)));
            return fail(now, SignInResult.Reason.CERTIFICATE);
        }
        Account account = state.accounts().get(role);
        boolean nameMatches = MessageDigest.isEqual(account.name().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                String.valueOf(name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean passwordMatches = password != null && password.length() <= CredentialRules.MAX_PASSWORD_LENGTH
                && hasher.verify(password, account.passwordHash());
        if (!nameMatches) {
            audit.record(AuditEventType.USER_AUTHENTICATION_ERROR_UNKNOWN_USER, "Authenticator", Map.of("user name", safe(name)));
            return fail(now, SignInResult.Reason.UNKNOWN_USER);
        }
        if (!passwordMatches) {
            audit.record(AuditEventType.USER_AUTHENTICATION_ERROR_INCORRECT_PASSWORD, "Authenticator", Map.of("user name", account.name()));
            return fail(now, SignInResult.Reason.PASSWORD);
        }
        if (!account.enabled()) {
            return new SignInResult.Refused(SignInResult.Reason.NOT_ENABLED,
                    "this account cannot sign in until the administrator sets its credentials and certificate", null);
        }
        boolean expired = !now.isBefore(account.credentialsExpireAt(state.settings()));
        if (expired && role == Role.USER) {
            audit.record(AuditEventType.USER_ACCOUNT_CREDENTIALS_EXPIRED, account.name(), Map.of());
            return new SignInResult.Refused(SignInResult.Reason.EXPIRED,
                    "the credentials of this account have expired; ask the administrator to renew them", null);
        }
        save(new AccountStore.State(state.settings(), state.accounts(), 0, Optional.empty()));
        audit.record(AuditEventType.USER_AUTHENTICATION, account.name(), Map.of("user name", account.name()));
        List<String> warnings = new ArrayList<>();
        Duration left = Duration.between(now, account.credentialsExpireAt(state.settings()));
        if (expired) {
            warnings.add("the administrator credentials have expired: change the password to continue");
        } else if (left.toDays() < state.settings().credentialWarningDays()) {
            warnings.add("the credentials expire in " + left.toDays() + " days; change the password before "
                    + account.credentialsExpireAt(state.settings()));
        }
        return new SignInResult.Success(role, account.name(), account.mustChangePassword() || expired, warnings);
    }

    /**
     * Changes the name and password of {@code role}'s account. {@code oldPassword} must be the
     * account's current one; the new password must follow {@link CredentialRules} and differ from
     * every remembered one. Renews the credential validity; ends the forced change.
     */
    public synchronized Account changeCredentials(Role role, String actor, String oldPassword, String newName, String newPassword)
            throws AccountRefused, IOException {
        Account account = state.accounts().get(role);
        Optional<String> nameProblem = CredentialRules.checkName(newName);
        if (nameProblem.isPresent()) {
            throw new AccountRefused("name", nameProblem.get());
        }
        Account other = state.accounts().get(role == Role.ADMINISTRATOR ? Role.USER : Role.ADMINISTRATOR);
        if (other.name().equals(newName)) {
            throw new AccountRefused("name", "the " + (role == Role.ADMINISTRATOR ? "user" : "administrator")
                    + " account already has this name");
        }
        if (oldPassword == null || oldPassword.length() > CredentialRules.MAX_PASSWORD_LENGTH
                || !hasher.verify(oldPassword, account.passwordHash())) {
            throw new AccountRefused("oldPassword", "the old password is wrong");
        }
        Optional<String> passwordProblem = CredentialRules.checkPassword(newPassword);
        if (passwordProblem.isPresent()) {
            throw new AccountRefused("newPassword", passwordProblem.get());
        }
        if (hasher.verify(newPassword, account.passwordHash())
                || account.previousPasswordHashes().stream().anyMatch(h -> hasher.verify(newPassword, h))) {
            throw new AccountRefused("newPassword", "the password was used before for this account; choose a new one");
        }
        List<String> previous = new ArrayList<>();
        previous.add(account.passwordHash());
        previous.addAll(account.previousPasswordHashes());
        while (previous.size() > PASSWORD_HISTORY) {
            previous.removeLast();
        }
        boolean initial = role == Role.ADMINISTRATOR && account.mustChangePassword()
                && account.previousPasswordHashes().isEmpty();
        Account changed = new Account(role, newName, hasher.hash(newPassword), previous, clock.instant(), false,
                account.certificateSha256());
        replace(changed);
        if (initial) {
            audit.record(AuditEventType.CHANGE_CREDENTIALS_INITIAL_PASSWORD, actor, Map.of());
        } else {
            audit.record(AuditEventType.CHANGE_CREDENTIALS_PASSWORD, actor, Map.of("user name", newName));
        }
        if (!account.name().equals(newName)) {
            audit.record(AuditEventType.CHANGE_CREDENTIALS_USER_NAME, actor, Map.of("user name", newName));
        }
        return changed;
    }

    /** Binds {@code role}'s account to a certificate (its DER SHA-256), replacing the previous one. */
    public synchronized void setCertificate(Role role, String actor, byte[] certificateSha256) throws IOException {
        Account account = state.accounts().get(role);
        replace(account.withCertificate(Optional.of(HexFormat.of().formatHex(certificateSha256))));
        audit.record(AuditEventType.CHANGE_CREDENTIALS_CERTIFICATE, actor, Map.of("user name", account.name()));
    }

    /** Replaces the settings; each changed value the catalog names is audited. */
    public synchronized void updateSettings(AccountSettings settings, String actor) throws AccountRefused, IOException {
        List<String[]> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new AccountRefused(problems.getFirst()[0], problems.getFirst()[1]);
        }
        AccountSettings old = state.settings();
        save(new AccountStore.State(settings, state.accounts(), state.failedAttempts(), state.lockedUntil()));
        if (old.lockoutMinutes() != settings.lockoutMinutes()) {
            audit.record(AuditEventType.MODIFIED_LOCKOUT_DURATION_AFTER_FAILED_PASSWORD_ENTRY_ATTEMPTS, actor,
                    Map.of("new value", Integer.toString(settings.lockoutMinutes())));
        }
        if (old.idleMinutes() != settings.idleMinutes()) {
            audit.record(AuditEventType.MODIFIED_USER_IDLE_TIME_BEFORE_LOCKING, actor,
                    Map.of("new value", Integer.toString(settings.idleMinutes())));
        }
        if (old.maxFailedAttempts() != settings.maxFailedAttempts()) {
            audit.record(AuditEventType.MODIFIED_MAXIMUM_NUMBER_OF_FAILED_LOGIN_ATTEMPTS, actor,
                    Map.of("new value", Integer.toString(settings.maxFailedAttempts())));
        }
    }

    private SignInResult fail(Instant now, SignInResult.Reason reason) throws IOException {
        int failures = state.failedAttempts() + 1;
        Optional<Instant> lockedUntil = Optional.empty();
        if (failures >= state.settings().maxFailedAttempts()) {
            lockedUntil = Optional.of(now.plus(Duration.ofMinutes(state.settings().lockoutMinutes())));
            failures = 0;
            audit.record(AuditEventType.USER_BLOCKED, "Authenticator", Map.of());
        }
        save(new AccountStore.State(state.settings(), state.accounts(), failures, lockedUntil));
        if (lockedUntil.isPresent()) {
            return new SignInResult.Refused(SignInResult.Reason.LOCKED,
                    "sign-in is locked after too many failed attempts; try again after " + lockedUntil.get(), lockedUntil.get());
        }
        return new SignInResult.Refused(reason, GENERIC_REFUSAL, null);
    }

    private void replace(Account account) throws IOException {
        Map<Role, Account> accounts = new EnumMap<>(state.accounts());
        accounts.put(account.role(), account);
        save(new AccountStore.State(state.settings(), accounts, state.failedAttempts(), state.lockedUntil()));
    }

    private void save(AccountStore.State next) throws IOException {
        store.save(next);
        state = next;
    }

    /** A typed name goes into the audit text: keep it short and printable. */
    private static String safe(String name) {
        if (name == null) {
            return "";
        }
        String cut = name.length() > 64 ? name.substring(0, 64) : name;
        return cut.replaceAll("[^A-Za-z0-9@._-]", "?");
    }
}
