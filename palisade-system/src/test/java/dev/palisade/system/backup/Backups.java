package dev.palisade.system.backup;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/** Fixtures: sample contents and cheap Argon2 parameters for tests that derive a key hundreds of times. */
final class Backups {
    /** Far below the production minimum; accepted only by readers built with {@link #cheapReader}. */
    static final KdfParameters CHEAP = new KdfParameters(64, 1, 1);
    static final String VERSION = "0.1.0-test";

    private Backups() {
    }

    static BackupContents sample() {
        return new BackupContents(List.of(
                new BackupEntry("config.json", "{\"settings\":{\"name\":\"gw1\"}}".getBytes(StandardCharsets.UTF_8)),
                new BackupEntry("certificates/web.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
                        .getBytes(StandardCharsets.US_ASCII)),
                new BackupEntry("keys/web.key", new byte[] {0, 1, 2, (byte) 0xff}),
                new BackupEntry("empty", new byte[0])));
    }

    static BackupWriter cheapWriter() {
        return new BackupWriter(VERSION, CHEAP, new SecureRandom());
    }

    static BackupReader cheapReader() {
        return new BackupReader(VERSION, CHEAP, KdfParameters.MAX_ACCEPTED);
    }

    static char[] password() {
        return "correct horse battery staple".toCharArray();
    }
}
