package dev.palisade.management.account;

import dev.palisade.management.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The account file {@code <data>/accounts.json}: settings, both accounts and the lockout state
 * (kept across restarts, so restarting the service does not reset a lockout). A plain file rather
 * than the embedded database: it is tiny, written rarely, and an atomic rename gives all-or-nothing
 * updates without a schema. Written owner-only through {@link SecureFiles}; it holds hashes, never
 * passwords.
 */
public final class AccountStore {

    /** Everything the file holds. */
    public record State(AccountSettings settings, Map<Role, Account> accounts, int failedAttempts, Optional<Instant> lockedUntil) {

        public State {
            accounts = Map.copyOf(new EnumMap<>(accounts));
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    public AccountStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    public State load() throws IOException {
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode s = root.required("settings");
            AccountSettings settings = new AccountSettings(s.required("credentialValidityDays").asInt(),
                    s.required("idleMinutes").asInt(), s.required("credentialWarningDays").asInt(),
                    s.required("certificateWarningDays").asInt(), s.required("maxFailedAttempts").asInt(),
                    s.required("lockoutMinutes").asInt());
            if (!settings.problems().isEmpty()) {
                throw new IOException(file + ": settings out of range: " + settings.problems().getFirst()[0]);
            }
            Map<Role, Account> accounts = new EnumMap<>(Role.class);
            for (JsonNode a : root.required("accounts")) {
                List<String> previous = new ArrayList<>();
                a.required("previousPasswordHashes").forEach(h -> previous.add(h.asString()));
                JsonNode cert = a.get("certificateSha256");
                Role role = Role.valueOf(a.required("role").asString());
                accounts.put(role, new Account(role, a.required("name").asString(), a.required("passwordHash").asString(),
                        previous, Instant.parse(a.required("passwordChangedAt").asString()),
                        a.required("mustChangePassword").asBoolean(),
                        cert == null || cert.isNull() ? Optional.empty() : Optional.of(cert.asString())));
            }
            if (accounts.size() != Role.values().length) {
                throw new IOException(file + " must hold exactly one administrator and one user account");
            }
            JsonNode lock = root.path("lockout");
            JsonNode until = lock.get("lockedUntil");
            return new State(settings, accounts, lock.path("failedAttempts").asInt(0),
                    until == null || until.isNull() ? Optional.empty() : Optional.of(Instant.parse(until.asString())));
        } catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IOException(file + " is damaged: " + e.getClass().getSimpleName(), e);
        }
    }

    public void save(State state) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s = root.putObject("settings");
        AccountSettings settings = state.settings();
        s.put("credentialValidityDays", settings.credentialValidityDays());
        s.put("idleMinutes", settings.idleMinutes());
        s.put("credentialWarningDays", settings.credentialWarningDays());
        s.put("certificateWarningDays", settings.certificateWarningDays());
        s.put("maxFailedAttempts", settings.maxFailedAttempts());
        s.put("lockoutMinutes", settings.lockoutMinutes());
        ArrayNode list = root.putArray("accounts");
        for (Role role : Role.values()) {
            Account account = state.accounts().get(role);
            ObjectNode a = list.addObject();
            a.put("role", role.name());
            a.put("name", account.name());
            a.put("passwordHash", account.passwordHash());
            ArrayNode previous = a.putArray("previousPasswordHashes");
            account.previousPasswordHashes().forEach(previous::add);
            a.put("passwordChangedAt", account.passwordChangedAt().toString());
            a.put("mustChangePassword", account.mustChangePassword());
            if (account.certificateSha256().isPresent()) {
                a.put("certificateSha256", account.certificateSha256().get());
            } else {
                a.putNull("certificateSha256");
            }
        }
        ObjectNode lock = root.putObject("lockout");
        lock.put("failedAttempts", state.failedAttempts());
        if (state.lockedUntil().isPresent()) {
            lock.put("lockedUntil", state.lockedUntil().get().toString());
        } else {
            lock.putNull("lockedUntil");
        }
        SecureFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
