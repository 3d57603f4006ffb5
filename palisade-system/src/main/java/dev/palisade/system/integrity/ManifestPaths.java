package dev.palisade.system.integrity;

/**
 * The rule for a path inside a manifest: relative, '/'-separated, no empty, '.' or '..' segment,
 * no control character, no '|' (the report's separator) and no backslash. Enforced when a manifest
 * is built and again when one is read, so a path can never escape its section root.
 */
final class ManifestPaths {
    static final int MAX_LENGTH = 1024;

    private ManifestPaths() {
    }

    static String problem(String path) {
        if (path.isEmpty() || path.length() > MAX_LENGTH) {
            return "path length must be 1.." + MAX_LENGTH;
        }
        if (path.startsWith("/")) {
            return "path must be relative";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '|' || c == '\\') {
                return "path contains a forbidden character (control, '|' or '\\')";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "path has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    static void requireValid(String path) {
        String problem = problem(path);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": " + path);
        }
    }
}
