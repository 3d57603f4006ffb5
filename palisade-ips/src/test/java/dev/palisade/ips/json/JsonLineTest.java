package dev.palisade.ips.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * {@link JsonLine} against the writer it replaced: Jackson's generator configured as the EVE
 * writer configured it, byte for byte, over seeded random documents; the EVE value renderings
 * against the code they replaced (JDK decoder, DateTimeFormatter, InetAddress).
 */
class JsonLineTest {

    private static final JsonFactory JACKSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build();
    private static final DateTimeFormatter SURICATA_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+0000'").withZone(ZoneOffset.UTC);

    /** The same calls on both writers. */
    private interface Doc {
        void name(String n);

        void string(String s);

        void number(long v);

        void bool(boolean b);

        void start();

        void end();

        void startArray();

        void endArray();
    }

    private static Doc on(JsonLine g) {
        return new Doc() {
            public void name(String n) {
                g.writeName(n);
            }

            public void string(String s) {
                g.writeString(s);
            }

            public void number(long v) {
                g.writeNumber(v);
            }

            public void bool(boolean b) {
                g.writeBoolean(b);
            }

            public void start() {
                g.writeStartObject();
            }

            public void end() {
                g.writeEndObject();
            }

            public void startArray() {
                g.writeStartArray();
            }

            public void endArray() {
                g.writeEndArray();
            }
        };
    }

    private static Doc on(JsonGenerator g) {
        return new Doc() {
            public void name(String n) {
                g.writeName(n);
            }

            public void string(String s) {
                g.writeString(s);
            }

            public void number(long v) {
                g.writeNumber(v);
            }

            public void bool(boolean b) {
                g.writeBoolean(b);
            }

            public void start() {
                g.writeStartObject();
            }

            public void end() {
                g.writeEndObject();
            }

            public void startArray() {
                g.writeStartArray();
            }

            public void endArray() {
                g.writeEndArray();
            }
        };
    }

    /** A random document from {@code seed}, written through {@code d}. */
    private static void document(Doc d, long seed) {
        Random r = new Random(seed);
        d.start();
        object(d, r, 0);
        d.end();
    }

    private static void object(Doc d, Random r, int depth) {
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            d.name(randomString(r));
            value(d, r, depth);
        }
    }

    private static void value(Doc d, Random r, int depth) {
        switch (r.nextInt(depth < 3 ? 7 : 5)) {
            case 0 -> d.string(randomString(r));
            case 1 -> d.number(randomLong(r));
            case 2 -> d.bool(r.nextBoolean());
            case 3 -> d.string(r.nextInt(10) == 0 ? null : "");
            case 4 -> d.number(r.nextInt(1000) - 500);
            case 5 -> {
                d.start();
                object(d, r, depth + 1);
                d.end();
            }
            default -> {
                d.startArray();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    value(d, r, depth + 1);
                }
                d.endArray();
            }
        }
    }

    private static long randomLong(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> r.nextLong();
            case 3 -> (long) r.nextInt() * 1000;
            default -> r.nextInt(20) - 10;
        };
    }

    /** Control characters, quotes, backslashes, slashes, DEL, 2-, 3- and 4-byte characters. */
    private static String randomString(Random r) {
        int n = r.nextInt(24);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(8)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append("\"\\/\u007f".charAt(r.nextInt(4)));
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> sb.append((char) (0x800 + r.nextInt(0xD000)));
                case 4 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
                case 5 -> sb.append((char) (0xE000 + r.nextInt(0x2000)));
                default -> sb.append((char) (0x20 + r.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }

    @Test
    void writesWhatJacksonWroteForRandomDocuments() {
        for (long seed = 0; seed < 3000; seed++) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (JsonGenerator g = JACKSON.createGenerator(ObjectWriteContext.empty(), expected)) {
                document(on(g), seed);
            }
            JsonLine line = new JsonLine(64);
            document(on(line), seed);
            assertThat(Arrays.copyOf(line.array(), line.length())).as("seed %d", seed).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void resetStartsAFreshRecordAndTheBufferIsReused() {
        JsonLine line = new JsonLine(64);
        line.writeStartObject();
        line.writeStringProperty("a", "x".repeat(500));
        line.writeEndObject();
        byte[] grown = line.array();
        line.reset();
        line.writeStartObject();
        line.writeNumberProperty("n", 1);
        line.writeEndObject();
        assertThat(line.toString()).isEqualTo("{\"n\":1}");
        assertThat(line.array()).isSameAs(grown);
    }

    /** The rendering ModbusEve used before: decode as strict UTF-8, else ASCII and \xNN per other byte. */
    private static String suricataText(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder();
            for (int i = off; i < off + len; i++) {
                int v = b[i] & 0xff;
                if (v < 0x80) {
                    sb.append((char) v);
                } else {
                    sb.append("\\x").append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 15, 16));
                }
            }
            return sb.toString();
        }
    }

    private static boolean javaDecodes(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(12)];
        for (int i = 0; i < b.length; i++) {
            b[i] = switch (r.nextInt(6)) {
                case 0 -> (byte) (0x80 + r.nextInt(0x40));
                case 1 -> (byte) (0xC0 + r.nextInt(0x40));
                case 2 -> (byte) r.nextInt(0x20);
                case 3 -> (byte) "\"\\E\u00ed\u00f0\u00f4".charAt(r.nextInt(6));
                default -> (byte) r.nextInt(256);
            };
        }
        return b;
    }

    @Test
    void validUtf8AgreesWithTheJdkDecoder() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = randomBytes(r);
            assertThat(JsonLine.validUtf8(b, 0, b.length)).as("%s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(javaDecodes(b));
        }
        // boundaries: overlong, surrogates, above U+10FFFF, truncated
        for (String hex : new String[] {"c080", "c1bf", "c280", "e080bf", "e0a080", "eda080", "ed9fbf", "f08fbfbf",
            "f0908080", "f48fbfbf", "f4908080", "f5808080", "e2", "e282", "f09f98", "ffff"}) {
            byte[] b = java.util.HexFormat.of().parseHex(hex);
            assertThat(JsonLine.validUtf8(b, 0, b.length)).as(hex).isEqualTo(javaDecodes(b));
        }
    }

    @Test
    void bytesAreWrittenAsJacksonWroteSuricatasRendering() {
        Random r = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = randomBytes(r);
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            int len = b.length - off;
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (JsonGenerator g = JACKSON.createGenerator(ObjectWriteContext.empty(), expected)) {
                g.writeStartObject();
                g.writeStringProperty("data", suricataText(b, off, len));
                g.writeEndObject();
            }
            JsonLine line = new JsonLine(64);
            line.writeStartObject();
            line.writeBytesProperty("data", b, off, len);
            line.writeEndObject();
            assertThat(Arrays.copyOf(line.array(), line.length())).isEqualTo(expected.toByteArray());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1_600_000_000_123_456_789L, 1_700_000_000_000_010_000L, -1L, -1_000_000_001L,
        9_000_000_000_999_999_999L, 999L, 1_000L})
    void timestampsAreSuricatasFormat(long nanos) {
        JsonLine line = new JsonLine(64);
        line.writeTimestamp(nanos);
        String expected = SURICATA_TIME.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)));
        assertThat(line.toString()).isEqualTo("\"" + expected + "\"");
    }

    @Test
    void timestampsMatchTheFormatterOverEveryKindOfDate() {
        JsonLine line = new JsonLine(64);
        Random r = new Random(3);
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 200_000; i++) {
            long nanos = switch (i % 4) {
                case 0 -> t += r.nextInt(300_000_000); // a capture: small steps across seconds
                case 1 -> r.nextLong(-62_135_596_800L, 253_402_300_800L) * 1_000_000_000L + r.nextInt(1_000_000_000);
                case 2 -> r.nextLong(); // years beyond 1-9999 too
                default -> Math.multiplyExact(r.nextLong(-100_000L, 100_000L), 86_400_000_000_000L) + r.nextInt(1000);
            };
            Instant at = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            line.reset();
            line.writeTimestamp(nanos);
            assertThat(line.toString()).as("%d", nanos).isEqualTo("\"" + SURICATA_TIME.format(at) + "\"");
        }
    }

    @Test
    void addressesAreWrittenAsInetAddressWritesThem() throws UnknownHostException {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] a = new byte[16];
            boolean v6 = r.nextBoolean();
            if (v6) {
                for (int k = 0; k < 16; k++) {
                    a[k] = (byte) (r.nextInt(3) == 0 ? 0 : r.nextInt(256));
                }
                if (r.nextInt(5) == 0) {
                    Arrays.fill(a, 0, 10, (byte) 0);
                    a[10] = (byte) 0xFF;
                    a[11] = (byte) 0xFF;
                }
            } else {
                for (int k = 12; k < 16; k++) {
                    a[k] = (byte) r.nextInt(256);
                }
            }
            String expected = v6 ? InetAddress.getByAddress(a).getHostAddress()
                    : InetAddress.getByAddress(Arrays.copyOfRange(a, 12, 16)).getHostAddress();
            JsonLine line = new JsonLine(64);
            line.writeAddress(a, v6);
            assertThat(line.toString()).isEqualTo("\"" + expected + "\"");
        }
    }
}
