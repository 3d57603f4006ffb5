package dev.palisade.management.history;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigException;
import dev.palisade.management.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The configuration document in force ({@code <data>/config.json}) and its numbered versions
 * ({@code <data>/config-history/NNNNNN.json} with a {@code .meta.json} beside each: time, author,
 * comment). A commit validates nothing itself — it takes a {@link ConfigDocument}, which exists only
 * when valid — and proceeds: write the version, apply it to the {@link ConfigurationTarget}, replace
 * {@code config.json}; if applying fails, {@code config.json} and the running gateway keep the old
 * document; if writing {@code config.json} fails after applying, the old document is applied again.
 * The newest {@link #MAX_VERSIONS} versions are kept; older ones are erased (documents can hold
 * passwords and keys). Thread-safe.
 */
public final class ConfigHistory {

    /** One stored version. {@code sha256} identifies the document text. */
    public record Version(int number, Instant time, String author, String comment, String sha256) {
    }

    public static final int MAX_VERSIONS = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path current;
    private final Path directory;
    private final Clock clock;
    private final TreeMap<Integer, Version> versions = new TreeMap<>();
    private ConfigDocument document;
    private int currentVersion;

    private ConfigHistory(Path current, Path directory, Clock clock) {
        this.current = current;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Opens the history of {@code dataDirectory}, whose {@code config.json} must exist and be valid;
     * when there is no history yet, that document becomes version 1.
     */
    public static ConfigHistory open(Path dataDirectory, Clock clock) throws IOException, ConfigException {
        ConfigHistory history = new ConfigHistory(dataDirectory.resolve("config.json"), dataDirectory.resolve("config-history"), clock);
        SecureFiles.createPrivateDirectory(history.directory);
        history.document = ConfigDocument.read(history.current);
        history.load();
        String sha = sha256(history.document.toJson());
        Optional<Version> same = history.versions.descendingMap().values().stream().filter(v -> v.sha256().equals(sha)).findFirst();
        if (same.isPresent()) {
            history.currentVersion = same.get().number();
        } else {
            history.currentVersion = history.store(history.document, "system", history.versions.isEmpty() ? "initial configuration"
                    : "configuration found on start").number();
        }
        return history;
    }

    public synchronized ConfigDocument current() {
        return document;
    }

    public synchronized int currentVersion() {
        return currentVersion;
    }

    /** Newest first. */
    public synchronized List<Version> versions() {
        return new ArrayList<>(versions.descendingMap().values());
    }

    public synchronized Optional<Version> version(int number) {
        return Optional.ofNullable(versions.get(number));
    }

    /** The document text of version {@code number}. */
    public synchronized String text(int number) throws IOException {
        if (!versions.containsKey(number)) {
            throw new IllegalArgumentException("no version " + number);
        }
        return Files.readString(file(number), StandardCharsets.UTF_8);
    }

    /** Stores {@code next} as a new version, applies it and makes it current (see the class comment). */
    public synchronized Version commit(ConfigDocument next, String author, String comment, ConfigurationTarget target)
            throws IOException, ApplyFailed {
        Version version = store(next, author, comment);
        try {
            target.apply(next);
        } catch (Exception e) {
            throw new ApplyFailed("the gateway could not apply the configuration: " + e.getMessage(), e);
        }
        try {
            next.writeAtomically(current);
        } catch (IOException e) {
            try {
                target.apply(document);
            } catch (Exception again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        document = next;
        currentVersion = version.number();
        return version;
    }

    /** Makes version {@code number} current again, as a new version. */
    public synchronized Version rollback(int number, String author, ConfigurationTarget target)
            throws IOException, ConfigException, ApplyFailed {
        ConfigDocument old = ConfigDocument.parse(text(number));
        return commit(old, author, "rollback to version " + number, target);
    }

    /** Applying failed; nothing changed. */
    public static final class ApplyFailed extends Exception {

        private static final long serialVersionUID = 1L;

        ApplyFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Version store(ConfigDocument doc, String author, String comment) throws IOException {
        int number = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        String text = doc.toJson();
        Version version = new Version(number, clock.instant(), author, comment, sha256(text));
        SecureFiles.writeAtomically(file(number), text.getBytes(StandardCharsets.UTF_8));
        ObjectNode meta = JSON.createObjectNode();
        meta.put("number", number).put("time", version.time().toString()).put("author", author).put("comment", comment)
                .put("sha256", version.sha256());
        SecureFiles.writeAtomically(meta(number), JSON.writeValueAsBytes(meta));
        versions.put(number, version);
        while (versions.size() > MAX_VERSIONS) {
            int oldest = versions.firstKey();
            versions.remove(oldest);
            SecureFiles.erase(meta(oldest));
            SecureFiles.erase(file(oldest));
        }
        return version;
    }

    private void load() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.matches("\\d{6}\\.meta\\.json")) {
                    continue;
                }
                try {
                    JsonNode meta = JSON.readTree(Files.readString(f));
                    int number = meta.required("number").asInt();
                    if (Files.exists(file(number))) {
                        versions.put(number, new Version(number, Instant.parse(meta.required("time").asString()),
                                meta.required("author").asString(), meta.required("comment").asString(),
                                meta.required("sha256").asString()));
                    }
                } catch (RuntimeException e) {
                    // A damaged entry is skipped: the rest of the history stays usable.
                }
            }
        }
    }

    private Path file(int number) {
        return directory.resolve(String.format("%06d.json", number));
    }

    private Path meta(int number) {
        return directory.resolve(String.format("%06d.meta.json", number));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
