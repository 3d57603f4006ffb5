package dev.palisade.system.integrity;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named class of files under integrity control: a root directory and the files or directories
 * under it that belong to the section (directories are walked recursively, so a file added there is
 * reported as not in the database). Sections let the start-up check tell a violation in
 * {@link #APPLICATIONS} (which enters emergency support mode) from one in {@link #SYSTEM}.
 *
 * @param name     section name, lower-case letters, digits and '-', at most 32 characters
 * @param root     directory the relative paths are resolved against
 * @param includes relative paths of files or directories under {@code root}
 */
public record IntegritySection(String name, Path root, List<String> includes) {
    /** The runnable jar(s), the launcher script, web assets and default certificates. */
    public static final String SYSTEM = "system";
    /** Applications installed under the data directory. */
    public static final String APPLICATIONS = "applications";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public IntegritySection {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad section name: " + name);
        }
        root = root.toAbsolutePath().normalize();
        String shown = root.toString();
        if (shown.indexOf('|') >= 0 || shown.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("section root cannot appear in a report: " + shown);
        }
        includes = List.copyOf(includes);
        for (String include : includes) {
            ManifestPaths.requireValid(include);
        }
    }
}
