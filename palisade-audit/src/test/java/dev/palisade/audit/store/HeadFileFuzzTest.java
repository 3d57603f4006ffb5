package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.audit.AuditLogKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The head file is read from disk, where anyone who tampers with the log can write it: any
 * content is either a valid head file or an {@link IOException} with the reason, never another
 * exception. The fuzzed body is given a valid MAC so the fuzzer gets past authentication to the
 * field parsing.
 *
 * <p>{@link #authenticatedBody} is a Jazzer target: plain {@code mvn test} runs it in regression
 * mode; {@code JAZZER_FUZZ=1 mvn test -pl palisade-audit -Dtest=HeadFileFuzzTest} fuzzes it.
 */
class HeadFileFuzzTest {

    private static final byte[] KEY = new byte[32];

    static void parse(byte[] input, boolean authenticate) {
        ChainCodec codec = new ChainCodec(KEY);
        String body = new String(input, StandardCharsets.ISO_8859_1);
        String text = authenticate
                ? body + "mac " + HexFormat.of().formatHex(codec.head(body.getBytes(StandardCharsets.ISO_8859_1))) + "\n"
                : body;
        try {
            HeadFile head = HeadFile.parse(text, codec, "fuzz");
            for (AuditLogKind log : AuditLogKind.values()) {
                assertThat(head.of(log).lastMac()).hasSize(ChainCodec.MAC_LENGTH);
                assertThat(head.of(log).anchorSequence()).isBetween(0L, head.of(log).lastSequence());
            }
        } catch (IOException expected) {
            assertThat(expected.getMessage()).contains("fuzz");
        }
    }

    @FuzzTest(maxDuration = "2m")
    void authenticatedBody(byte[] input) {
        parse(input, true);
    }

    @Test
    void mutatedHeadFiles() {
        String mac = "ab".repeat(32);
        String valid = "palisade-audit-head/1\nfirewall 12 " + mac + " 3 " + mac + "\nos 1 " + mac + " 0 " + mac + "\n";
        Random random = new Random(20_261_125);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = valid.getBytes(StandardCharsets.ISO_8859_1);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                switch (random.nextInt(3)) {
                    case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
                    default -> b[random.nextInt(b.length == 0 ? 1 : b.length) % Math.max(1, b.length)] = (byte) " \n0-"
                            .charAt(random.nextInt(4));
                }
                if (b.length == 0) {
                    break;
                }
            }
            parse(b, true);
            parse(b, false);
        }
        parse(valid.getBytes(StandardCharsets.ISO_8859_1), true);
    }
}
