package dev.palisade.management.session;

import java.util.Optional;

/**
 * Finds one cookie's value in a {@code Cookie} request header (RFC 6265 section 4.2:
 * {@code name=value} pairs separated by {@code ;} and optional spaces). Only what the service
 * needs: the value of a named cookie, accepted only when it is made of the URL-safe Base64
 * characters the service itself issues and is at most {@link #MAX_VALUE} long; anything else is
 * treated as absent. When a name repeats the first occurrence wins (the most specific path, by the
 * browser's ordering). Headers longer than {@link #MAX_HEADER} are ignored.
 */
public final class CookieHeader {

    public static final int MAX_HEADER = 8192;
    public static final int MAX_VALUE = 128;

    private CookieHeader() {
    }

    public static Optional<String> value(String header, String name) {
        if (header == null || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int end = header.indexOf(';', i);
            if (end < 0) {
                end = n;
            }
            int eq = header.indexOf('=', i);
            if (eq > i && eq < end && header.regionMatches(i, name, 0, name.length()) && eq - i == name.length()) {
                String value = header.substring(eq + 1, end).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return wellFormed(value) ? Optional.of(value) : Optional.empty();
            }
            i = end + 1;
        }
        return Optional.empty();
    }

    private static boolean wellFormed(String value) {
        if (value.isEmpty() || value.length() > MAX_VALUE) {
            return false;
        }
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
