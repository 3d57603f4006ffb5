package dev.palisade.management.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One account as stored: its role, name, current Argon2id hash, the hashes of the passwords used
 * before (newest first, at most {@link Accounts#PASSWORD_HISTORY}), when the password was last
 * set, whether it must be changed at the next sign-in (the default administrator password), and
 * the SHA-256 (hex) of the client certificate uploaded for it. A user account with no certificate,
 * or still on its default password, cannot sign in.
 */
public record Account(Role role, String name, String passwordHash, List<String> previousPasswordHashes,
        Instant passwordChangedAt, boolean mustChangePassword, Optional<String> certificateSha256) {

    public Account {
        previousPasswordHashes = List.copyOf(previousPasswordHashes);
    }

    /** When the credentials expire under {@code settings}. */
    public Instant credentialsExpireAt(AccountSettings settings) {
        return passwordChangedAt.plus(java.time.Duration.ofDays(settings.credentialValidityDays()));
    }

    /** Whether this account may sign in at all (the user needs credentials and a certificate set by the administrator). */
    public boolean enabled() {
        return certificateSha256.isPresent() && (role == Role.ADMINISTRATOR || !mustChangePassword);
    }

    Account withCertificate(Optional<String> sha256) {
        return new Account(role, name, passwordHash, previousPasswordHashes, passwordChangedAt, mustChangePassword, sha256);
    }
}
