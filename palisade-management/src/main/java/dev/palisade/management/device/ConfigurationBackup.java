package dev.palisade.management.device;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigException;
import dev.palisade.system.backup.BackupContents;
import dev.palisade.system.backup.BackupEntry;
import dev.palisade.system.backup.BackupException;
import dev.palisade.system.backup.BackupReader;
import dev.palisade.system.backup.BackupWriter;
import dev.palisade.system.backup.KdfParameters;
import dev.palisade.system.backup.RestoreTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * Backups of a gateway's data directory ({@link BackupContents#GATEWAY_FILES}: configuration,
 * accounts, certificates and keys) sealed with a password, and their restore: {@link #open} refuses
 * another product version, a wrong password, an altered file and a backup whose configuration
 * document is missing or invalid, changing nothing; {@link #apply} replaces the files with
 * {@link RestoreTransaction} (all or none, crash-safe). The service must restart afterwards.
 */
public final class ConfigurationBackup {

    private final Path dataDirectory;
    private final String productVersion;
    private final KdfParameters kdf;

    public ConfigurationBackup(Path dataDirectory, String productVersion, KdfParameters kdf) {
        this.dataDirectory = dataDirectory;
        this.productVersion = productVersion;
        this.kdf = kdf;
    }

    /** A sealed backup of the data directory now. {@code password} is not modified; the caller wipes it. */
    public byte[] create(char[] password) throws IOException {
        BackupContents contents = BackupContents.collect(dataDirectory, BackupContents.GATEWAY_FILES);
        return new BackupWriter(productVersion, kdf, new SecureRandom()).seal(contents, password);
    }

    /** Opens and checks an uploaded backup; nothing is changed. */
    public BackupContents open(byte[] file, char[] password) throws BackupException {
        BackupContents contents = new BackupReader(productVersion).open(file, password);
        BackupEntry config = contents.entries().stream().filter(e -> e.name().equals("config.json")).findFirst()
                .orElseThrow(() -> new BackupException(BackupException.Reason.FORMAT, "the backup holds no configuration document"));
        try {
            ConfigDocument.parse(new String(config.data(), StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new BackupException(BackupException.Reason.FORMAT, "the backup's configuration document is invalid: "
                    + e.errors().stream().limit(3).map(Object::toString).toList());
        }
        return contents;
    }

    /** Replaces the data directory's files with the backup's, atomically. */
    public void apply(BackupContents contents) throws IOException {
        RestoreTransaction.apply(dataDirectory, contents);
    }

    /** The names a restore of {@code contents} replaces. */
    public static List<String> names(BackupContents contents) {
        return contents.entries().stream().map(BackupEntry::name).toList();
    }
}
