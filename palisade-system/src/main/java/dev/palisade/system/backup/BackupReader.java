package dev.palisade.system.backup;

import dev.palisade.system.backup.BackupException.Reason;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Opens a backup file: checks the structure and limits of the header, derives the key, decrypts and
 * authenticates with AES-GCM, then compares the product version and decodes the contents. Any
 * problem is a {@link BackupException} with a clear message; the reader never allocates more than
 * the file's (bounded) size and never derives a key with parameters outside the accepted range.
 */
public final class BackupReader {
    private final String productVersion;
    private final KdfParameters minAccepted;
    private final KdfParameters maxAccepted;

    /** A reader for backups of {@code productVersion} with the production parameter bounds. */
    public BackupReader(String productVersion) {
        this(productVersion, KdfParameters.MIN_ACCEPTED, KdfParameters.MAX_ACCEPTED);
    }

    /** Tests and the fuzz target use cheap parameters; production always uses the bounds above. */
    BackupReader(String productVersion, KdfParameters minAccepted, KdfParameters maxAccepted) {
        this.productVersion = productVersion;
        this.minAccepted = minAccepted;
        this.maxAccepted = maxAccepted;
    }

    /** Reads and opens the backup at {@code file}. {@code password} is not modified; the caller wipes it. */
    public BackupContents read(Path file, char[] password) throws IOException, BackupException {
        long size = Files.size(file);
        if (size > BackupFormat.MAX_FILE_BYTES) {
            throw new BackupException(Reason.TOO_LARGE, "the file is " + size + " bytes; a Palisade backup is at most "
                    + BackupFormat.MAX_FILE_BYTES + " bytes");
        }
        return open(Files.readAllBytes(file), password);
    }

    /** Opens the backup in {@code file}. {@code password} is not modified; the caller wipes it. */
    public BackupContents open(byte[] file, char[] password) throws BackupException {
        if (file.length > BackupFormat.MAX_FILE_BYTES) {
            throw new BackupException(Reason.TOO_LARGE, "a Palisade backup is at most " + BackupFormat.MAX_FILE_BYTES + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        String version;
        KdfParameters kdf;
        byte[] salt = new byte[BackupFormat.SALT_BYTES];
        byte[] nonce = new byte[BackupFormat.NONCE_BYTES];
        int cipherLength;
        try {
            byte[] magic = new byte[BackupFormat.MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, BackupFormat.MAGIC)) {
                throw new BackupException(Reason.FORMAT, "not a Palisade backup file");
            }
            int format = Short.toUnsignedInt(in.getShort());
            if (format != BackupFormat.FORMAT_VERSION) {
                throw new BackupException(Reason.FORMAT, "backup format version " + format + " is not supported (this release reads "
                        + BackupFormat.FORMAT_VERSION + ")");
            }
            int versionLength = Byte.toUnsignedInt(in.get());
            if (versionLength == 0 || versionLength > BackupFormat.MAX_PRODUCT_VERSION) {
                throw new BackupException(Reason.FORMAT, "malformed product version in the backup header");
            }
            byte[] versionBytes = new byte[versionLength];
            in.get(versionBytes);
            version = new String(versionBytes, StandardCharsets.US_ASCII);
            if (!BackupFormat.printableAscii(version)) {
                throw new BackupException(Reason.FORMAT, "malformed product version in the backup header");
            }
            if (Byte.toUnsignedInt(in.get()) != BackupFormat.KDF_ARGON2ID) {
                throw new BackupException(Reason.FORMAT, "unknown key derivation function in the backup header");
            }
            int memory = in.getInt();
            int iterations = in.getInt();
            int parallelism = Byte.toUnsignedInt(in.get());
            if (memory < 1 || iterations < 1 || parallelism < 1 || memory < 8 * parallelism) {
                throw new BackupException(Reason.PARAMETERS, "invalid key derivation parameters in the backup header");
            }
            kdf = new KdfParameters(memory, iterations, parallelism);
            if (!kdf.within(minAccepted, maxAccepted)) {
                throw new BackupException(Reason.PARAMETERS, "key derivation parameters " + kdf + " are outside the accepted range");
            }
            in.get(salt);
            in.get(nonce);
            cipherLength = in.getInt();
        } catch (BufferUnderflowException e) {
            throw new BackupException(Reason.TRUNCATED, "the backup file is truncated (header incomplete)");
        }
        if (cipherLength < BackupFormat.TAG_BITS / 8 || cipherLength > BackupFormat.MAX_CIPHERTEXT) {
            throw new BackupException(Reason.FORMAT, "malformed content length in the backup header");
        }
        if (in.remaining() != cipherLength) {
            throw new BackupException(in.remaining() < cipherLength ? Reason.TRUNCATED : Reason.FORMAT,
                    "the backup file is " + (in.remaining() < cipherLength ? "truncated" : "longer than its header says")
                            + " (" + in.remaining() + " content bytes, header says " + cipherLength + ")");
        }
        int headerLength = in.position();
        byte[] key = BackupFormat.deriveKey(password, salt, kdf);
        byte[] plain;
        try {
            Cipher cipher = BackupFormat.cipher(Cipher.DECRYPT_MODE, key, nonce, Arrays.copyOf(file, headerLength));
            plain = cipher.doFinal(file, headerLength, cipherLength);
        } catch (AEADBadTagException e) {
            throw new BackupException(Reason.AUTHENTICATION,
                    "wrong password, or the backup file was altered or damaged (authentication failed)");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            // Checked after authentication, so a tampered version field reads as tampering, not as another version.
            if (!version.equals(productVersion)) {
                throw new BackupException(Reason.VERSION, "the backup was made by Palisade " + version
                        + "; this is Palisade " + productVersion + ", and a restore needs the same version");
            }
            return decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Decodes authenticated contents; still checked, since a bug in a writer must not become a bad restore. */
    static BackupContents decode(byte[] plain) throws BackupException {
        ByteBuffer in = ByteBuffer.wrap(plain);
        try {
            int count = in.getInt();
            if (count < 0 || count > BackupFormat.MAX_ENTRIES) {
                throw new BackupException(Reason.FORMAT, "the backup lists " + Integer.toUnsignedString(count) + " files; at most "
                        + BackupFormat.MAX_ENTRIES + " are allowed");
            }
            List<BackupEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int nameLength = Short.toUnsignedInt(in.getShort());
                if (nameLength > BackupFormat.MAX_NAME_BYTES || nameLength > in.remaining()) {
                    throw new BackupException(Reason.FORMAT, "malformed file name in the backup");
                }
                byte[] nameBytes = new byte[nameLength];
                in.get(nameBytes);
                String name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(nameBytes)).toString();
                String problem = BackupFormat.nameProblem(name);
                if (problem != null) {
                    throw new BackupException(Reason.FORMAT, "unsafe file name in the backup: " + problem);
                }
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new BackupException(Reason.FORMAT, "malformed file length in the backup");
                }
                byte[] data = new byte[length];
                in.get(data);
                entries.add(new BackupEntry(name, data));
            }
            if (in.hasRemaining()) {
                throw new BackupException(Reason.FORMAT, "trailing bytes after the backup contents");
            }
            return new BackupContents(entries);
        } catch (BufferUnderflowException e) {
            throw new BackupException(Reason.FORMAT, "the backup contents are truncated");
        } catch (CharacterCodingException e) {
            throw new BackupException(Reason.FORMAT, "a file name in the backup is not UTF-8");
        } catch (IllegalArgumentException e) {
            throw new BackupException(Reason.FORMAT, "invalid backup contents: " + e.getMessage());
        }
    }
}
