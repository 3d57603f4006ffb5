package dev.palisade.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.PortRange;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Property-style checks of the address and port grammar over seeded random inputs. */
class Ipv4PropertyTest {

    private static final long SEED = 0x1f2e3d4cL;

    @Test
    void formatThenParseIsIdentity() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 100_000; i++) {
            int value = random.nextInt();
            Ipv4Address address = new Ipv4Address(value);
            assertThat(Ipv4Address.parse(address.toString())).isEqualTo(address);
        }
    }

    @Test
    void parseThenFormatIsIdentityForCanonicalText() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 100_000; i++) {
            String text = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            assertThat(Ipv4Address.parse(text)).hasToString(text);
        }
    }

    @Test
    void randomTextNeverParsesToSomethingElse() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        String alphabet = "0123456789.. /-x";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(18);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                assertThat(Ipv4Address.parse(text.toString())).hasToString(text.toString());
            } catch (IllegalArgumentException expected) {
                // Refused, with a reason: the only other allowed outcome.
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "01.2.3.4", "1.2.3.004", "1.2.3.256",
            "1..2.3", "1.2.3.4 ", "+1.2.3.4", "1.2.3.4/24", "0x1.2.3.4", "١.٢.٣.٤", "99999999999.1.1.1"})
    void refusesNonCanonicalText(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void netmasksAreExactlyTheContiguousOnes() {
        for (int length = 0; length <= 32; length++) {
            assertThat(Ipv4Prefix.lengthOfMask(Ipv4Prefix.maskOf(length))).isEqualTo(length);
        }
        SplittableRandom random = new SplittableRandom(SEED + 3);
        for (int i = 0; i < 100_000; i++) {
            int mask = random.nextInt();
            boolean contiguous = Integer.bitCount(mask) == Integer.numberOfLeadingZeros(~mask);
            assertThat(Ipv4Prefix.lengthOfMask(mask) >= 0).as(Integer.toBinaryString(mask)).isEqualTo(contiguous);
        }
    }

    @Test
    void prefixContainsExactlyTheAddressesSharingItsNetworkBits() {
        SplittableRandom random = new SplittableRandom(SEED + 4);
        for (int i = 0; i < 100_000; i++) {
            Ipv4Prefix prefix = Ipv4Prefix.containing(random.nextInt(), random.nextInt(33));
            int candidate = random.nextBoolean() ? prefix.address() | (random.nextInt() & ~prefix.mask()) : random.nextInt();
            boolean same = (candidate & prefix.mask()) == prefix.address();
            assertThat(prefix.contains(candidate)).isEqualTo(same);
            assertThat(prefix.contains(prefix.broadcast())).isTrue();
        }
    }

    @Test
    void firewallPortTextRoundTripsThroughPortRange() throws ConfigException {
        SplittableRandom random = new SplittableRandom(SEED + 5);
        for (int i = 0; i < 300; i++) {
            int lo = 1 + random.nextInt(65535);
            int hi = lo + random.nextInt(Math.min(65536 - lo, 5000));
            if (lo == hi && Ports.isReserved(lo)) {
                continue;
            }
            String text = lo == hi ? String.valueOf(lo) : lo + "-" + hi;
            PortRange range = ConfigDocument.parse("{\"NETWORK\": {\"FIREWALL\": {\"rules\": [{\"status\": true, "
                            + "\"action\": \"accept\", \"protocol\": \"tcp\", \"zone\": \"In\", \"portDest\": \"" + text + "\"}]}}}")
                    .config().network().firewallRules().getFirst().destinationPort();
            assertThat(range).hasToString(text);
        }
    }
}
