package dev.palisade.system.backup;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The layout of a backup file and the cryptography both directions share. All integers big-endian:
 *
 * <pre>
 *  offset  size  field
 *  0       8     magic "PALISBK1"
 *  8       2     format version (1)
 *  10      1     n = length of the product version (1..64)
 *  11      n     product version, printable ASCII
 *  11+n    1     KDF id (1 = Argon2id v1.3)
 *  12+n    4     Argon2 memory, KiB
 *  16+n    4     Argon2 iterations
 *  20+n    1     Argon2 parallelism (lanes)
 *  21+n    16    salt (random per backup)
 *  37+n    12    AES-GCM nonce (random per backup)
 *  49+n    4     c = ciphertext length including the 16-byte tag
 *  53+n    c     AES-256-GCM ciphertext of the contents; additional data = bytes 0 .. 53+n
 * </pre>
 *
 * Contents (the plaintext): a 4-byte entry count, then per entry a 2-byte name length, the UTF-8
 * name, a 4-byte data length and the data. Every length is checked against what remains and
 * against the limits below before anything is allocated.
 */
final class BackupFormat {
    static final byte[] MAGIC = "PALISBK1".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int KDF_ARGON2ID = 1;
    static final int MAX_PRODUCT_VERSION = 64;
    static final int SALT_BYTES = 16;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int KEY_BYTES = 32;
    static final int MAX_ENTRIES = 4096;
    static final int MAX_NAME_BYTES = 1024;
    /** The configuration, certificates and keys of a gateway are kilobytes; 32 MiB is generous. */
    static final int MAX_CONTENT_BYTES = 32 * 1024 * 1024;
    static final int MAX_CIPHERTEXT = MAX_CONTENT_BYTES + 4 + MAX_ENTRIES * (2 + MAX_NAME_BYTES + 4) + TAG_BITS / 8;
    static final int MAX_FILE_BYTES = 53 + MAX_PRODUCT_VERSION + MAX_CIPHERTEXT;
    /** Scratch directory of a restore inside the data directory; no entry may live there. */
    static final String RESTORE_DIR = ".restore";

    private BackupFormat() {
    }

    /** Why {@code name} cannot be an entry name, or null. Same rule on write and on read. */
    static String nameProblem(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "entry name length must be 1.." + MAX_NAME_BYTES + " bytes";
        }
        if (name.startsWith("/")) {
            return "entry name must be relative";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "entry name contains a control character or backslash";
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "entry name has an empty, '.' or '..' segment";
            }
        }
        if (name.equals(RESTORE_DIR) || name.startsWith(RESTORE_DIR + "/")) {
            return "entry name is reserved for the restore journal";
        }
        return null;
    }

    static boolean printableAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /**
     * Argon2id over the UTF-8 bytes of the password; the byte copy is wiped before returning. The
     * caller owns (and wipes) {@code password} and wipes the returned key.
     */
    static byte[] deriveKey(char[] password, byte[] salt, KdfParameters kdf) {
        byte[] passwordBytes = utf8(password);
        try {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(kdf.memoryKiB())
                    .withIterations(kdf.iterations())
                    .withParallelism(kdf.parallelism())
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] key = new byte[KEY_BYTES];
            generator.generateBytes(passwordBytes, key);
            return key;
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid Unicode (unpaired surrogate)");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
