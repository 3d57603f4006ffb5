package dev.palisade.system.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.system.backup.BackupException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCodecTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripWithProductionParameters() throws Exception {
        Path file = tmp.resolve("gw.backup");
        char[] password = Backups.password();
        new BackupWriter(Backups.VERSION).write(file, Backups.sample(), password);
        assertThat(password).isEqualTo(Backups.password()); // caller's array untouched; the caller wipes it
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("gw1").doesNotContain("BEGIN CERTIFICATE");
        BackupContents back = new BackupReader(Backups.VERSION).read(file, Backups.password());
        assertThat(back).isEqualTo(Backups.sample());
        assertThat(back.entries()).extracting(BackupEntry::name)
                .containsExactly("certificates/web.pem", "config.json", "empty", "keys/web.key");
    }

    @Test
    void wrongPasswordIsRefused() {
        byte[] sealed = new BackupWriter(Backups.VERSION).seal(Backups.sample(), Backups.password());
        assertThatThrownBy(() -> new BackupReader(Backups.VERSION).open(sealed, "correct horse battery stapler".toCharArray()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION))
                .hasMessageContaining("wrong password");
    }

    @Test
    void otherProductVersionIsRefusedAfterAuthentication() {
        byte[] sealed = new BackupWriter("0.0.9", Backups.CHEAP, new SecureRandom()).seal(Backups.sample(), Backups.password());
        assertThatThrownBy(() -> Backups.cheapReader().open(sealed, Backups.password()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
                .hasMessageContaining("made by Palisade 0.0.9").hasMessageContaining("this is Palisade " + Backups.VERSION);
    }

    @Test
    void productionReaderRefusesWeakOrHugeParametersBeforeDeriving() {
        byte[] weak = Backups.cheapWriter().seal(Backups.sample(), Backups.password());
        assertThatThrownBy(() -> new BackupReader(Backups.VERSION).open(weak, Backups.password()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETERS));
        byte[] huge = weak.clone();
        // memory field sits after magic(8), format(2), version length(1), version(n), kdf id(1)
        int memoryAt = 8 + 2 + 1 + Backups.VERSION.length() + 1;
        ByteBuffer.wrap(huge).putInt(memoryAt, 4 * 1024 * 1024); // 4 GiB of Argon2 memory
        assertThatThrownBy(() -> Backups.cheapReader().open(huge, Backups.password()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETERS));
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] sealed = Backups.cheapWriter().seal(Backups.sample(), Backups.password());
        for (int length = 0; length < sealed.length; length++) {
            byte[] cut = Arrays.copyOf(sealed, length);
            int at = length;
            assertThatThrownBy(() -> Backups.cheapReader().open(cut, Backups.password()))
                    .as("truncated to %d bytes", at).isInstanceOf(BackupException.class);
        }
        byte[] cut = Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> Backups.cheapReader().open(cut, Backups.password())).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertThatThrownBy(() -> Backups.cheapReader().open(longer, Backups.password())).hasMessageContaining("longer than its header");
    }

    @Test
    void flippingAnyByteIsRefused() throws Exception {
        byte[] sealed = Backups.cheapWriter().seal(Backups.sample(), Backups.password());
        assertThat(Backups.cheapReader().open(sealed, Backups.password())).isEqualTo(Backups.sample());
        Random random = new Random(20_261_125);
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        // Every header byte, and a seeded sample of ciphertext and tag bytes, each with a random non-zero XOR.
        int header = sealed.length - (BackupWriter.encode(Backups.sample()).length + 16);
        for (int i = 0; i < sealed.length; i++) {
            if (i >= header && random.nextInt(4) != 0) {
                continue;
            }
            byte[] flipped = sealed.clone();
            flipped[i] ^= (byte) (1 + random.nextInt(255));
            int at = i;
            try {
                Backups.cheapReader().open(flipped, Backups.password());
                throw new AssertionError("byte " + at + " flipped and the backup was accepted");
            } catch (BackupException refused) {
                reasons.merge(refused.reason(), 1, Integer::sum);
            }
        }
        assertThat(reasons).containsKeys(Reason.FORMAT, Reason.AUTHENTICATION);
        assertThat(reasons).doesNotContainKey(Reason.VERSION); // a flipped version byte reads as tampering
    }

    @Test
    void notABackupAndEmptyPasswordAreRefusedClearly() {
        assertThatThrownBy(() -> Backups.cheapReader().open("{\"json\":true}".getBytes(StandardCharsets.UTF_8), Backups.password()))
                .hasMessage("not a Palisade backup file");
        assertThatThrownBy(() -> Backups.cheapWriter().seal(Backups.sample(), new char[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void collectReadsFilesAndDirectoriesAndSkipsMissing() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("certificates/ca"));
        Files.writeString(data.resolve("config.json"), "{}");
        Files.writeString(data.resolve("certificates/ca/root.pem"), "root");
        Files.writeString(data.resolve("certificates/web.pem"), "web");
        Files.writeString(data.resolve("audit.db"), "not in the list");
        BackupContents contents = BackupContents.collect(data, java.util.List.of("config.json", "certificates", "keys"));
        assertThat(contents.entries()).extracting(BackupEntry::name)
                .containsExactly("certificates/ca/root.pem", "certificates/web.pem", "config.json");
        assertThatThrownBy(() -> BackupContents.collect(data, java.util.List.of("../etc")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackupEntry(".restore/JOURNAL", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGatewayBackupHoldsTheConfigurationAccountsCertificatesAndCentralManagement() throws Exception {
        Path data = tmp.resolve("gateway");
        Files.createDirectories(data.resolve("pki"));
        Files.createDirectories(data.resolve("central-management"));
        Files.writeString(data.resolve("config.json"), "{}");
        Files.writeString(data.resolve("accounts.json"), "{}");
        Files.writeString(data.resolve("pki/CaCert.crt"), "root");
        Files.writeString(data.resolve("central-management/server.crt"), "ksc");
        Files.writeString(data.resolve("central-management/settings.json"), "{}");
        Files.writeString(data.resolve("audit.db"), "never in a backup");
        assertThat(BackupContents.collect(data, BackupContents.GATEWAY_FILES).entries()).extracting(BackupEntry::name)
                .containsExactlyInAnyOrder("config.json", "accounts.json", "pki/CaCert.crt", "central-management/server.crt",
                        "central-management/settings.json");
    }
}
