package dev.palisade.system.integrity;

import dev.palisade.system.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Ed25519 keys of integrity control. An open-source build cannot ship a vendor secret, so the
 * signing key belongs to whoever builds or installs: {@code PALISADE_INTEGRITY_KEY} names a release
 * key file kept by a packager (it is never created), otherwise a per-installation key pair is
 * generated on first use in {@code ~/.config/palisade/integrity-signing.key}, owner-only and outside
 * both the distribution and the data directory. The public half is pinned in the data directory
 * ({@code integrity/trusted-key.pub}); the checker trusts only the pinned key, so replacing a jar
 * and re-signing the manifest with another key is still a violation.
 */
public final class IntegrityKeys {
    /** Environment variable naming a release signing key file. */
    public static final String KEY_ENV = "PALISADE_INTEGRITY_KEY";
    /** Where the pinned public key lives, relative to the data directory. */
    public static final String PINNED_KEY = "integrity/trusted-key.pub";

    private static final String ALGORITHM = "Ed25519";
    private static final String KEY_FILE_HEADER = "palisade-integrity-signing-key 1";
    private static final int MAX_KEY_FILE = 4096;

    private IntegrityKeys() {
    }

    /** The signing key file this process should use, from the environment or the per-user default. */
    public static Path signingKeyFile(Map<String, String> environment) {
        String configured = environment.get(KEY_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".config", "palisade", "integrity-signing.key");
    }

    /** Whether the key file came from {@link #KEY_ENV}: such a release key is never generated. */
    public static boolean isReleaseKey(Map<String, String> environment) {
        String configured = environment.get(KEY_ENV);
        return configured != null && !configured.isBlank();
    }

    /**
     * Loads the signing key pair from {@code file}, generating and storing a fresh one (owner-only,
     * directory owner-only) when the file does not exist and {@code create} is true.
     */
    public static KeyPair loadOrCreateSigningKey(Path file, boolean create) throws IntegrityKeyException {
        try {
            return readSigningKey(file);
        } catch (NoSuchFileException missing) {
            if (!create) {
                throw new IntegrityKeyException("signing key file " + file + " does not exist", missing);
            }
        } catch (IOException e) {
            throw new IntegrityKeyException("cannot read signing key file " + file + ": " + e.getMessage(), e);
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            Base64.Encoder b64 = Base64.getEncoder();
            byte[] privateDer = pair.getPrivate().getEncoded();
            String text = KEY_FILE_HEADER + "\nprivate " + b64.encodeToString(privateDer)
                    + "\npublic " + b64.encodeToString(pair.getPublic().getEncoded()) + "\n";
            Arrays.fill(privateDer, (byte) 0);
            // Written under a temporary name, then hard-linked to the final name: link(2) fails when
            // the name exists, so two first builds racing keep one key and both use it.
            Path temp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            AtomicWrite.replaceOwnerOnly(temp, text.getBytes(StandardCharsets.US_ASCII));
            try {
                Files.createLink(file.toAbsolutePath(), temp);
            } catch (java.nio.file.FileAlreadyExistsException lostRace) {
                return readSigningKey(file);
            } finally {
                Files.deleteIfExists(temp);
            }
            AtomicWrite.forceDirectory(dir);
            return pair;
        } catch (GeneralSecurityException | IOException e) {
            throw new IntegrityKeyException("cannot create signing key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair readSigningKey(Path file) throws IOException, IntegrityKeyException {
        if (Files.size(file) > MAX_KEY_FILE) {
            throw new IntegrityKeyException("signing key file " + file + " is too large to be a key");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new IntegrityKeyException("signing key file " + file + " must be accessible by its owner only (chmod 600)");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() != 3 || !lines.get(0).equals(KEY_FILE_HEADER)
                || !lines.get(1).startsWith("private ") || !lines.get(2).startsWith("public ")) {
            throw new IntegrityKeyException("signing key file " + file + " is not a Palisade integrity key");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            byte[] privateDer = Base64.getDecoder().decode(lines.get(1).substring(8));
            var privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
            Arrays.fill(privateDer, (byte) 0);
            PublicKey publicKey = decodePublic(lines.get(2).substring(7));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IntegrityKeyException("signing key file " + file + " holds a malformed key", e);
        }
    }

    /**
     * Pins {@code key} in the data directory if no key is pinned yet, and returns the pinned key.
     * A different pinned key is refused: re-keying must be a deliberate act (delete the pin).
     */
    public static PublicKey pinIfAbsent(Path dataDir, PublicKey key) throws IntegrityKeyException {
        Path pin = dataDir.resolve(PINNED_KEY);
        if (Files.exists(pin)) {
            PublicKey pinned = pinned(dataDir);
            if (!MessageDigest.isEqual(pinned.getEncoded(), key.getEncoded())) {
                throw new IntegrityKeyException("the data directory trusts another integrity key (id " + keyId(pinned)
                        + ", signing key id " + keyId(key) + "); delete " + pin + " to trust the new key");
            }
            return pinned;
        }
        try {
            AtomicWrite.replace(pin, ("ed25519 " + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IntegrityKeyException("cannot pin the integrity key in " + pin + ": " + e.getMessage(), e);
        }
        return key;
    }

    /** The public key pinned in the data directory. */
    public static PublicKey pinned(Path dataDir) throws IntegrityKeyException {
        Path pin = dataDir.resolve(PINNED_KEY);
        try {
            if (Files.size(pin) > MAX_KEY_FILE) {
                throw new IntegrityKeyException("pinned key " + pin + " is too large to be a key");
            }
            String text = Files.readString(pin, StandardCharsets.US_ASCII).strip();
            if (!text.startsWith("ed25519 ")) {
                throw new IntegrityKeyException("pinned key " + pin + " is not an Ed25519 key");
            }
            return decodePublic(text.substring(8));
        } catch (NoSuchFileException e) {
            throw new IntegrityKeyException("no integrity key is pinned (" + pin + " missing)", e);
        } catch (IOException e) {
            throw new IntegrityKeyException("cannot read pinned key " + pin + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IntegrityKeyException("pinned key " + pin + " is malformed", e);
        }
    }

    private static PublicKey decodePublic(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** A short identifier of a public key: the first 16 bytes of SHA-256 of its X.509 encoding, in hex. */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(Digests.sha256().digest(key.getEncoded()), 0, 16);
    }
}
