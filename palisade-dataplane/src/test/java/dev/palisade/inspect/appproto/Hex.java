package dev.palisade.inspect.appproto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte vectors written for people: hex pairs separated by white space, {@code #} comments to the
 * end of the line (one per field), {@code 00*198} for a run of one byte.
 */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String data = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : data.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                int star = token.indexOf('*');
                int value = Integer.parseInt(star >= 0 ? token.substring(0, star) : token, 16);
                int times = star >= 0 ? Integer.parseInt(token.substring(star + 1)) : 1;
                if ((star >= 0 ? star : token.length()) != 2) {
                    throw new IllegalArgumentException("not a hex byte: " + token);
                }
                for (int i = 0; i < times; i++) {
                    out.write(value);
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
