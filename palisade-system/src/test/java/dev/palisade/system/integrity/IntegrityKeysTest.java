package dev.palisade.system.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityKeysTest {
    @TempDir
    Path tmp;

    @Test
    void perInstallationKeyIsCreatedOwnerOnlyAndReloaded() throws Exception {
        Path file = tmp.resolve("home/.config/palisade/integrity-signing.key");
        KeyPair created = IntegrityKeys.loadOrCreateSigningKey(file, true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        KeyPair reloaded = IntegrityKeys.loadOrCreateSigningKey(file, false);
        assertThat(reloaded.getPublic().getEncoded()).isEqualTo(created.getPublic().getEncoded());
        assertThat(reloaded.getPrivate().getEncoded()).isEqualTo(created.getPrivate().getEncoded());
    }

    @Test
    void releaseKeyIsNeverCreatedAndMustBeOwnerOnly() throws Exception {
        Path file = tmp.resolve("release.key");
        assertThatThrownBy(() -> IntegrityKeys.loadOrCreateSigningKey(file, false)).hasMessageContaining("does not exist");
        IntegrityKeys.loadOrCreateSigningKey(file, true);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> IntegrityKeys.loadOrCreateSigningKey(file, false)).hasMessageContaining("chmod 600");
        assertThat(IntegrityKeys.signingKeyFile(Map.of(IntegrityKeys.KEY_ENV, file.toString()))).isEqualTo(file);
        assertThat(IntegrityKeys.isReleaseKey(Map.of(IntegrityKeys.KEY_ENV, file.toString()))).isTrue();
        assertThat(IntegrityKeys.isReleaseKey(Map.of())).isFalse();
    }

    @Test
    void pinIsKeptAndAnotherKeyRefused() throws Exception {
        Path data = tmp.resolve("data");
        KeyPair first = Installation.newKey();
        IntegrityKeys.pinIfAbsent(data, first.getPublic());
        assertThat(IntegrityKeys.pinned(data).getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(IntegrityKeys.pinIfAbsent(data, first.getPublic()).getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThatThrownBy(() -> IntegrityKeys.pinIfAbsent(data, Installation.newKey().getPublic()))
                .isInstanceOf(IntegrityKeyException.class).hasMessageContaining("trusts another integrity key");
        Files.writeString(data.resolve(IntegrityKeys.PINNED_KEY), "ed25519 not-base64!!\n");
        assertThatThrownBy(() -> IntegrityKeys.pinned(data)).hasMessageContaining("malformed");
    }
}
