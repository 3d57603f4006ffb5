package dev.palisade.management.session;

import dev.palisade.management.account.Role;
import java.time.Instant;

/**
 * An open session. {@code certificateSha256} binds it to the client certificate it was opened
 * with: a resumed request must come over TLS with the same certificate ("the same computer and
 * browser"). {@code mustChangePassword} confines it to the credential change. Immutable; the
 * registry replaces it when it is touched.
 */
public record Session(String id, String csrfToken, Role role, String accountName, byte[] certificateSha256,
        boolean mustChangePassword, Instant openedAt, Instant lastSeen) {

    public Session {
        certificateSha256 = certificateSha256.clone();
    }

    @Override
    public byte[] certificateSha256() {
        return certificateSha256.clone();
    }

    Session touched(Instant now) {
        return new Session(id, csrfToken, role, accountName, certificateSha256, mustChangePassword, openedAt, now);
    }

    Session withoutForcedChange(String name) {
        return new Session(id, csrfToken, role, name, certificateSha256, false, openedAt, lastSeen);
    }

    @Override
    public String toString() {
        // The identifier and token are bearer secrets: never in a log line.
        return "Session[" + role + " " + accountName + ", opened " + openedAt + ", last seen " + lastSeen + "]";
    }
}
