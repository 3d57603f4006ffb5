package dev.palisade.config;

/** Builds the JSON paths that name a value in errors: {@code $.NETWORK.LAN.IP}, {@code rules[3]}. */
final class JsonPath {

    static final String ROOT = "$";

    private JsonPath() {
    }

    static String child(String parent, String key) {
        if (isIdentifier(key)) {
            return parent + "." + key;
        }
        return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    private static boolean isIdentifier(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !(digit && i > 0)) {
                return false;
            }
        }
        return true;
    }
}
