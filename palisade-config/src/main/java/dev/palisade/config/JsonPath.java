package dev.palisade.config;

/** Builds the JSON paths that name a value in errors: {@code $.NETWORK.LAN.IP}, {@code rules[3]}. */
final class JsonPath {

    static final String ROOT = "$";

    /** Paths longer than this are shown with their middle elided. */
    static final int MAX_RENDERED = 256;

    private JsonPath() {
    }

    static String child(String parent, String key) {
        if (isIdentifier(key)) {
            return parent + "." + key;
        }
        return parent + "['" + printable(key.replace("\\", "\\\\").replace("'", "\\'")) + "']";
    }

    /** Escapes control and other invisible characters, so a key cannot forge lines or escapes. */
    static String printable(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean visible = c >= 0x20 && c != 0x7f && !Character.isISOControl(c)
                    && Character.getType(c) != Character.FORMAT && !Character.isSurrogate(c);
            if (!visible && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (visible) {
                    sb.append(c);
                } else {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** Elides the middle of a very long path. */
    static String shorten(String path) {
        if (path.length() <= MAX_RENDERED) {
            return path;
        }
        int keep = MAX_RENDERED / 2 - 2;
        return path.substring(0, keep) + "…" + path.substring(path.length() - keep);
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
