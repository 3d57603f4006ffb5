package dev.palisade.system.integrity;

import java.nio.file.Path;
import java.util.List;

/**
 * Which files of a Palisade installation are under integrity control, and where the manifest lives.
 * Today the system section is the runnable jar and the launcher script; web assets and default
 * certificates join it as they land. Applications are whatever is installed under
 * {@code <data>/applications}, walked recursively.
 *
 * @param distribution root of the installed distribution (where the {@code palisade} launcher is)
 * @param dataDir      the gateway's data directory
 */
public record InstallationLayout(Path distribution, Path dataDir) {
    /** Files of the system section, relative to the distribution root. */
    public static final List<String> SYSTEM_FILES = List.of("palisade", "palisade-cli/target/palisade.jar");
    /** Directory of installed applications, relative to the data directory. */
    public static final String APPLICATIONS_DIR = "applications";

    public InstallationLayout {
        distribution = distribution.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The sections to build or check. */
    public List<IntegritySection> sections() {
        return List.of(new IntegritySection(IntegritySection.SYSTEM, distribution, SYSTEM_FILES),
                new IntegritySection(IntegritySection.APPLICATIONS, dataDir, List.of(APPLICATIONS_DIR)));
    }

    /** The manifest, beside the jar it describes (a build artefact, rebuilt with the jar). */
    public Path manifest() {
        return distribution.resolve("palisade-cli/target/palisade.manifest");
    }
}
