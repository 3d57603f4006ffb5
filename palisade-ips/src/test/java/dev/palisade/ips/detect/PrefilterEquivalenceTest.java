package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bucketed, prefiltered matcher reports exactly what evaluating every rule reports, on seeded
 * random rule sets (contents over a small alphabet so they collide, nocase, negation, relative
 * contents, ports, {@code <>}, several transports) and random payloads.
 */
class PrefilterEquivalenceTest {

    private static final String ALPHABET = "abAB|";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void sameMatchesAsTheReference(long seed) {
        Random rnd = new Random(seed);
        StringBuilder rules = new StringBuilder();
        int n = 50 + rnd.nextInt(200);
        for (int sid = 1; sid <= n; sid++) {
            String proto = switch (rnd.nextInt(4)) {
                case 0 -> "udp";
                case 1 -> "ip";
                default -> "tcp";
            };
            String sp = rnd.nextInt(4) == 0 ? String.valueOf(1000 + rnd.nextInt(3)) : "any";
            String dp = rnd.nextInt(2) == 0 ? String.valueOf(500 + rnd.nextInt(3)) : rnd.nextInt(4) == 0 ? "[500:501]" : "any";
            String arrow = rnd.nextInt(5) == 0 ? "<>" : "->";
            rules.append(rnd.nextInt(10) == 0 ? "drop " : "alert ").append(proto).append(" any ").append(sp).append(' ')
                    .append(arrow).append(" any ").append(dp).append(" (msg:\"r").append(sid).append("\"; ");
            int contents = rnd.nextInt(3);
            for (int c = 0; c < contents; c++) {
                rules.append("content:").append(rnd.nextInt(6) == 0 ? "!" : "").append('"').append(word(rnd)).append("\"; ");
                if (rnd.nextBoolean()) {
                    rules.append("nocase; ");
                }
                if (c > 0 && rnd.nextBoolean()) {
                    rules.append("distance:0; ");
                }
            }
            rules.append("sid:").append(sid).append(";)\n");
        }
        Matcher m = new Matcher(Packets.rules(rules.toString()));
        for (int i = 0; i < 400; i++) {
            int proto = rnd.nextInt(3) == 0 ? 17 : 6;
            int a = rnd.nextBoolean() ? 1000 + rnd.nextInt(3) : 40000;
            int b = 500 + rnd.nextInt(3);
            boolean flip = rnd.nextBoolean();
            String payload = payload(rnd);
            PacketMeta p = flip ? Packets.packet(proto, "10.0.0.2", b, "10.0.0.1", a, payload)
                    : Packets.packet(proto, "10.0.0.1", a, "10.0.0.2", b, payload);
            assertThat(Packets.sids(m, p)).as("packet %d: %s", i, payload).isEqualTo(Packets.naive(m, p));
        }
    }

    private static String word(Random rnd) {
        StringBuilder b = new StringBuilder();
        int len = 1 + rnd.nextInt(3);
        for (int i = 0; i < len; i++) {
            char c = ALPHABET.charAt(rnd.nextInt(ALPHABET.length() - 1));
            b.append(c);
        }
        return b.toString();
    }

    private static String payload(Random rnd) {
        byte[] b = new byte[rnd.nextInt(24)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
