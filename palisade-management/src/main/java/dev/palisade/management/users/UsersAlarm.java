package dev.palisade.management.users;

import dev.palisade.management.account.Account;
import dev.palisade.management.account.AccountSettings;
import dev.palisade.management.account.Accounts;
import dev.palisade.management.account.Role;
import dev.palisade.management.api.Certificates;
import dev.palisade.management.pki.CertificateRejected;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.palisade.management.session.Session;
import dev.palisade.management.web.NavEntry;

/**
 * When the Users entry shows the exclamation mark (the spec: "If administrator or user account
 * credentials are about to expire ... the icon appears in the menu ... next to the Users section";
 * the same for certificates): an enabled account's credentials expire within the credential warning
 * period or have expired, or the root, an account's or the web server certificate expires within the
 * certificate warning period or has expired, or a stored certificate cannot be read.
 */
public final class UsersAlarm implements NavEntry.Mark {

    private final Accounts accounts;
    private final Certificates certificates;
    private final Clock clock;

    public UsersAlarm(Accounts accounts, Certificates certificates, Clock clock) {
        this.accounts = accounts;
        this.certificates = certificates;
        this.clock = clock;
    }

    /** The mark's explanation (message key) whenever {@link #expiresSoon} holds; the same for every session. */
    @Override
    public Optional<String> reason(Session session) {
        return expiresSoon() ? Optional.of("nav.alarm") : Optional.empty();
    }

    /** Whether credentials or a certificate expire within their warning period, have expired, or cannot be read. */
    public boolean expiresSoon() {
        AccountSettings settings = accounts.settings();
        Instant now = clock.instant();
        for (Role role : Role.values()) {
            Account account = accounts.account(role);
            if (account.enabled()
                    && Duration.between(now, account.credentialsExpireAt(settings)).toDays() < settings.credentialWarningDays()) {
                return true;
            }
        }
        try {
            List<X509Certificate> all = new ArrayList<>();
            all.add(certificates.root());
            for (Role role : Role.values()) {
                Optional<X509Certificate> client = certificates.client(role);
                client.ifPresent(all::add);
            }
            all.add(certificates.server());
            for (X509Certificate certificate : all) {
                if (!certificates.expiry(certificate).isEmpty()) {
                    return true;
                }
            }
        } catch (IOException | CertificateRejected e) {
            return true;
        }
        return false;
    }
}
