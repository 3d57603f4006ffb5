package dev.palisade.config;

import dev.palisade.config.model.AuditLogSettings;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.NetProtectorConfig;
import dev.palisade.config.model.SettingsConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's whole configuration: one JSON document with the keys of the spec (ABOUT,
 * APPLICATIONS, MARKETPLACE, MODE_SWITCH, MQTT, NETWORK, SETTINGS and per-application objects).
 * An instance exists only for a valid document: {@link #parse} fills absent keys with the values
 * of a freshly installed gateway, validates every documented constraint and either returns the
 * document with its typed views or throws a {@link ConfigException} listing every error. The
 * document keeps the JSON tree it was read from, so {@link #toJson()} writes back every key this
 * code does not know, in its original order. Immutable and safe to share between threads.
 */
public final class ConfigDocument {

    private static final String FIRST_RUN_RESOURCE = "first-run.json";

    private final ObjectNode tree;
    private final GatewayConfig config;
    private final SettingsConfig settings;
    private final Optional<NetProtectorConfig> netProtector;
    private final List<ConfigError> warnings;
    private final AuditLogSettings auditLogs;

    private ConfigDocument(ObjectNode tree, DocumentBinder.Bound bound) {
        this.tree = tree;
        this.config = bound.config();
        this.settings = bound.settings();
        this.netProtector = bound.netProtector();
        this.warnings = bound.warnings();
        this.auditLogs = bound.auditLogs();
    }

    /** Parses text, fills defaults for absent keys and validates. Nothing partial is returned. */
    public static ConfigDocument parse(String json) throws ConfigException {
        ObjectNode tree = StrictJson.readObject(json);
        Defaults.fill(tree);
        return new ConfigDocument(tree, DocumentBinder.bind(tree));
    }

    /** Reads a UTF-8 file (a leading byte order mark is skipped) and {@linkplain #parse parses} it. */
    public static ConfigDocument read(Path file) throws IOException, ConfigException {
        long size = Files.size(file);
        if (size > 4L * StrictJson.MAX_DOCUMENT_CHARS) {
            throw new ConfigException(JsonPath.ROOT, file + " is larger than " + StrictJson.MAX_DOCUMENT_CHARS
                    + " characters");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(JsonPath.ROOT, file + " is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return parse(text);
    }

    /** A freshly installed gateway with no applications: the same as {@code parse("{}")}. */
    public static ConfigDocument defaults() {
        return Holder.DEFAULTS;
    }

    /**
     * The document shipped for the first start: the defaults, plus the industrial IPS
     * ({@link NetworkProtector#PACKAGE_ID}) listed as installed and to be executed but not yet
     * configured, so transit traffic stays blocked until an operator gives it rules.
     */
    public static ConfigDocument firstRun() {
        return Holder.FIRST_RUN;
    }

    /** The typed view the data plane and the services consume. */
    public GatewayConfig config() {
        return config;
    }

    /** The typed view of {@code SETTINGS}. */
    public SettingsConfig settings() {
        return settings;
    }

    /**
     * The IPS's {@code APP_CONFIGURATION}, decoded; empty when the document has none (the IPS is
     * then not configured, whatever its {@code configured} flag says).
     */
    public Optional<NetProtectorConfig> netProtector() {
        return netProtector;
    }

    /** The audit logs' capacities ({@code SETTINGS.AUDIT}, a Palisade extension; defaults when absent). */
    public AuditLogSettings auditLogs() {
        return auditLogs;
    }

    /**
     * Things that are valid but probably not meant: unknown keys inside known objects (a
     * misspelt key is kept and ignored, which in a firewall rule widens it), an IPS marked
     * configured without rules.
     */
    public List<ConfigError> warnings() {
        return warnings;
    }

    /** A copy of the whole tree, defaults included. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** Pretty JSON of the whole document, defaults included, unknown keys kept in their order. */
    public String toJson() {
        return StrictJson.write(tree);
    }

    /**
     * Replaces {@code file} with this document so that a reader, or a crash at any moment, sees
     * either the old content or the new one, never a mix: the text goes to a temporary file in the
     * same directory (readable by the owner only, as the document holds passwords and keys), is
     * forced to disk, then moved over the target atomically, and the directory is synced.
     */
    public void writeAtomically(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(toJson().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(directory);
    }

    /** Makes the rename durable; some platforms cannot open a directory, which is then left to the OS. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported here (e.g. Windows): the rename is still atomic, only its durability waits.
        }
    }

    /** Two documents are equal when their trees, defaults included, are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigDocument that && tree.equals(that.tree);
    }

    @Override
    public int hashCode() {
        return tree.hashCode();
    }

    /** Deliberately not the JSON: the document holds passwords and keys. */
    @Override
    public String toString() {
        return "ConfigDocument[routerMode=" + config.routerMode() + ", applications=" + config.applications().size()
                + ", firewallRules=" + config.network().firewallRules().size() + "]";
    }

    /** Built on first use, so a broken bundled resource shows up as a clear error, once. */
    private static final class Holder {
        static final ConfigDocument DEFAULTS = bundled("{}", "defaults");
        static final ConfigDocument FIRST_RUN = bundled(Defaults.text(FIRST_RUN_RESOURCE), FIRST_RUN_RESOURCE);

        private static ConfigDocument bundled(String json, String name) {
            try {
                return parse(json);
            } catch (ConfigException e) {
                throw new IllegalStateException("bundled document " + name + " is invalid:\n" + e.getMessage(), e);
            }
        }
    }
}
