package dev.palisade.management.session;

import dev.palisade.audit.AuditEventType;
import dev.palisade.management.AuditTrail;
import dev.palisade.management.account.Role;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Holds the single active session of the specification's "only one active session is possible at
 * a time": an administrator sign-in ends a user session; a user cannot sign in while an
 * administrator session is active; a new sign-in of the same role replaces the old session. A
 * session idle for longer than the configured idle period (read on every call, so a settings
 * change applies at once) is closed and audited as locked. Identifiers and CSRF tokens are 256
 * random bits from {@link SecureRandom}, compared in constant time. Thread-safe.
 */
public final class SessionRegistry {

    /** Why a session could not be opened. */
    public static final class Busy extends Exception {

        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final IntSupplier idleMinutes;
    private final AuditTrail audit;
    private Session active;

    public SessionRegistry(Clock clock, IntSupplier idleMinutes, AuditTrail audit) {
        this.clock = clock;
        this.idleMinutes = idleMinutes;
        this.audit = audit;
    }

    /** Opens a session for a signed-in account, applying the preemption rules. */
    public synchronized Session open(Role role, String accountName, byte[] certificateSha256, boolean mustChangePassword)
            throws Busy {
        Instant now = clock.instant();
        expireIdle(now);
        if (active != null && active.role() == Role.ADMINISTRATOR && role == Role.USER) {
            throw new Busy("an administrator session is active; the user cannot sign in until it ends");
        }
        active = new Session(token(), token(), role, accountName, certificateSha256, mustChangePassword, now, now);
        return active;
    }

    /**
     * The active session when {@code id} names it and the request came with the certificate it was
     * opened with; touches it (the idle clock restarts). Empty for anything else.
     */
    public synchronized Optional<Session> resume(String id, byte[] certificateSha256) {
        Instant now = clock.instant();
        expireIdle(now);
        if (active == null || id == null) {
            return Optional.empty();
        }
        if (!constantTimeEquals(active.id(), id) || !MessageDigest.isEqual(active.certificateSha256(), certificateSha256)) {
            return Optional.empty();
        }
        active = active.touched(now);
        return Optional.of(active);
    }

    /** The active session without touching it (for status displays). */
    public synchronized Optional<Session> active() {
        expireIdle(clock.instant());
        return Optional.ofNullable(active);
    }

    /** Closes the session {@code id} if it is the active one. */
    public synchronized void close(String id) {
        if (active != null && constantTimeEquals(active.id(), id)) {
            active = null;
        }
    }

    /** Closes whatever session is active (e.g. after the administrator certificate was replaced). */
    public synchronized void closeAll() {
        active = null;
    }

    /** Closes the active session when it belongs to {@code role}. */
    public synchronized void closeRole(Role role) {
        if (active != null && active.role() == role) {
            active = null;
        }
    }

    /** Lifts the forced password change of the active session {@code id}. */
    public synchronized void passwordChanged(String id, String newName) {
        if (active != null && constantTimeEquals(active.id(), id)) {
            active = active.withoutForcedChange(newName);
        }
    }

    /** Whether {@code token} is the CSRF token of {@code session}, in constant time. */
    public static boolean csrfMatches(Session session, String token) {
        return token != null && constantTimeEquals(session.csrfToken(), token);
    }

    private void expireIdle(Instant now) {
        if (active != null && Duration.between(active.lastSeen(), now).compareTo(Duration.ofMinutes(idleMinutes.getAsInt())) > 0) {
            audit.record(AuditEventType.CONNECTION_SESSION_LOCK, "WebServer", Map.of());
            active = null;
        }
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                actual.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
