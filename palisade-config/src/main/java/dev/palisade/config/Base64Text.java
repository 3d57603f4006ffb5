package dev.palisade.config;

import java.util.Base64;

/**
 * Decodes the Base64 values of the document (rule lists, profile files). ASCII whitespace is
 * skipped first, because values are often pasted wrapped or padded with spaces; anything else
 * outside the standard alphabet is an error, unlike the lenient MIME decoder.
 */
final class Base64Text {

    private Base64Text() {
    }

    /** The decoded bytes; throws {@link IllegalArgumentException} with the reason. */
    static byte[] decode(String text) {
        StringBuilder compact = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                compact.append(c);
            }
        }
        return Base64.getDecoder().decode(compact.toString());
    }

    static boolean isValid(String text) {
        try {
            decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
