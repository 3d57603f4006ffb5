package dev.palisade.management;

import dev.palisade.config.ConfigDocument;
import dev.palisade.management.account.Accounts;
import dev.palisade.management.api.EngineStatus;
import dev.palisade.management.history.ConfigHistory;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.session.SessionRegistry;
import java.io.IOException;
import java.time.Clock;

/**
 * What the service lends a {@link Feature} to build its API operations: the configuration
 * history (read the document in force), {@link #commit} to validate, apply and store a new document
 * the same way {@code PUT /api/config} does, the accounts and sessions (for example to end the
 * session after a restore), the engine's status, the clock and the audit trail.
 */
public record FeatureContext(ConfigHistory history, Committer committer, Accounts accounts, SessionRegistry sessions,
        EngineStatus engine, Clock clock, AuditTrail audit) {

    /** Applies and stores a document; refusals are API errors (422 with JSON paths, 500 when the apply failed). */
    @FunctionalInterface
    public interface Committer {
        ConfigHistory.Version commit(ConfigDocument document, String author, String comment) throws ApiException, IOException;
    }

    public ConfigHistory.Version commit(ConfigDocument document, String author, String comment) throws ApiException, IOException {
        return committer.commit(document, author, comment);
    }
}
