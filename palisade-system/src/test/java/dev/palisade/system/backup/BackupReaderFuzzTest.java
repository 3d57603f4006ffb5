package dev.palisade.system.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backup reader refuses any input with a {@link BackupException}: it never throws anything else
 * and never allocates beyond the input's size. {@link #arbitraryFiles} feeds whole files (cheap
 * Argon2 bounds so each execution is fast); {@link #arbitraryContents} feeds the contents decoder
 * that runs after authentication. Fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -pl palisade-system -Dtest=BackupReaderFuzzTest}.
 */
class BackupReaderFuzzTest {
    private static final BackupReader READER = Backups.cheapReader();
    private static final char[] PASSWORD = Backups.password();

    static void open(byte[] input) {
        try {
            BackupContents contents = READER.open(input, PASSWORD);
            assertThat(contents.entries().size()).isLessThanOrEqualTo(BackupFormat.MAX_ENTRIES);
        } catch (BackupException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    static void decode(byte[] input) {
        try {
            BackupContents contents = BackupReader.decode(input);
            long total = contents.entries().stream().mapToLong(e -> e.data().length).sum();
            assertThat(total).isLessThanOrEqualTo(input.length);
        } catch (BackupException expected) {
            assertThat(expected.reason()).isEqualTo(BackupException.Reason.FORMAT);
        }
    }

    @FuzzTest(maxDuration = "1m")
    void arbitraryFiles(byte[] input) {
        open(input);
    }

    @FuzzTest(maxDuration = "1m")
    void arbitraryContents(byte[] input) {
        decode(input);
    }

    @Test
    void seededMutationsOfARealBackup() {
        byte[] good = new BackupWriter(Backups.VERSION, Backups.CHEAP, new SecureRandom()).seal(Backups.sample(), PASSWORD);
        byte[] plain = BackupWriter.encode(Backups.sample());
        Random random = new Random(20_261_125);
        for (int i = 0; i < 2_000; i++) {
            try {
                open(mutate(good, random));
                decode(mutate(plain, random));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("mutation " + i + " escaped the reader", e);
            }
        }
        // A count or length field claiming gigabytes must be refused, not allocated.
        byte[] bigCount = plain.clone();
        ByteBuffer.wrap(bigCount).putInt(0, Integer.MAX_VALUE);
        decode(bigCount);
        byte[] bigLength = plain.clone();
        ByteBuffer.wrap(bigLength).putInt(4 + 2 + "certificates/web.pem".length(), Integer.MAX_VALUE - 1);
        decode(bigLength);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        switch (random.nextInt(3)) {
            case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            default -> {
                int at = random.nextInt(Math.max(1, out.length - 4));
                ByteBuffer.wrap(out).putInt(at, random.nextBoolean() ? random.nextInt() : random.nextInt(64));
            }
        }
        return out;
    }
}
