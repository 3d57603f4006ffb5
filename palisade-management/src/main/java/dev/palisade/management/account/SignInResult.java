package dev.palisade.management.account;

import java.time.Instant;
import java.util.List;

/** The outcome of a sign-in attempt. */
public sealed interface SignInResult {

    /** Signed in as {@code role}; {@code mustChangePassword} confines the session to the change page. */
    record Success(Role role, String name, boolean mustChangePassword, List<String> warnings) implements SignInResult {

        public Success {
            warnings = List.copyOf(warnings);
        }
    }

    /** Refused; {@code message} is what the person is told (it never says which factor was wrong). */
    record Refused(Reason reason, String message, Instant retryAfter) implements SignInResult {
    }

    /** Why a sign-in was refused (for audit and tests; the client sees only the message). */
    enum Reason {
        /** The TLS client certificate is not the one uploaded for any account. */
        CERTIFICATE,
        /** The name does not match the account the certificate belongs to. */
        UNKNOWN_USER,
        /** Wrong password. */
        PASSWORD,
        /** Too many failed attempts; {@code retryAfter} says until when. */
        LOCKED,
        /** The user account has not been given credentials and a certificate by the administrator yet. */
        NOT_ENABLED,
        /** The user's credentials have expired; the administrator must renew them. */
        EXPIRED
    }
}
