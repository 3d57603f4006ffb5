package dev.palisade.system.backup;

import dev.palisade.system.AtomicWrite;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * Seals {@link BackupContents} into a backup file (see {@link BackupFormat}): a fresh random salt
 * and nonce per backup, an Argon2id key from the password, AES-256-GCM over the contents with the
 * header (product version, KDF parameters, salt, nonce, length) as authenticated data.
 */
public final class BackupWriter {
    private final String productVersion;
    private final KdfParameters kdf;
    private final SecureRandom random;

    public BackupWriter(String productVersion, KdfParameters kdf, SecureRandom random) {
        if (productVersion.isEmpty() || productVersion.length() > BackupFormat.MAX_PRODUCT_VERSION
                || !BackupFormat.printableAscii(productVersion)) {
            throw new IllegalArgumentException("product version must be 1.." + BackupFormat.MAX_PRODUCT_VERSION
                    + " printable ASCII characters");
        }
        this.productVersion = productVersion;
        this.kdf = kdf;
        this.random = random;
    }

    /** A writer for this product version with {@link KdfParameters#DEFAULT}. */
    public BackupWriter(String productVersion) {
        this(productVersion, KdfParameters.DEFAULT, new SecureRandom());
    }

    /** The sealed backup. {@code password} is not modified; the caller wipes it. */
    public byte[] seal(BackupContents contents, char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the backup password must not be empty");
        }
        byte[] plain = encode(contents);
        byte[] salt = new byte[BackupFormat.SALT_BYTES];
        byte[] nonce = new byte[BackupFormat.NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        int cipherLength = plain.length + BackupFormat.TAG_BITS / 8;
        byte[] header = header(salt, nonce, cipherLength);
        byte[] key = BackupFormat.deriveKey(password, salt, kdf);
        try {
            Cipher cipher = BackupFormat.cipher(Cipher.ENCRYPT_MODE, key, nonce, header);
            byte[] out = Arrays.copyOf(header, header.length + cipherLength);
            int written = cipher.doFinal(plain, 0, plain.length, out, header.length);
            if (written != cipherLength) {
                throw new IllegalStateException("AES-GCM produced " + written + " bytes, expected " + cipherLength);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Seals and writes the backup atomically, readable by its owner only (it holds private keys, if encrypted). */
    public void write(Path out, BackupContents contents, char[] password) throws IOException {
        AtomicWrite.replaceOwnerOnly(out, seal(contents, password));
    }

    private byte[] header(byte[] salt, byte[] nonce, int cipherLength) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(BackupFormat.MAGIC);
            out.writeShort(BackupFormat.FORMAT_VERSION);
            byte[] version = productVersion.getBytes(StandardCharsets.US_ASCII);
            out.writeByte(version.length);
            out.write(version);
            out.writeByte(BackupFormat.KDF_ARGON2ID);
            out.writeInt(kdf.memoryKiB());
            out.writeInt(kdf.iterations());
            out.writeByte(kdf.parallelism());
            out.write(salt);
            out.write(nonce);
            out.writeInt(cipherLength);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encode(BackupContents contents) {
        int size = 4;
        for (BackupEntry e : contents.entries()) {
            size += 2 + e.name().getBytes(StandardCharsets.UTF_8).length + 4 + e.size();
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(size);
        buffer.putInt(contents.entries().size());
        for (BackupEntry e : contents.entries()) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            buffer.putShort((short) name.length).put(name).putInt(e.size()).put(e.dataUnsafe());
        }
        return buffer.array();
    }
}
