package dev.palisade.cli;

import dev.palisade.system.integrity.FileCheck;
import dev.palisade.system.integrity.HostId;
import dev.palisade.system.integrity.InstallationLayout;
import dev.palisade.system.integrity.IntegrityChecker;
import dev.palisade.system.integrity.IntegrityKeyException;
import dev.palisade.system.integrity.IntegrityKeys;
import dev.palisade.system.integrity.IntegrityManifest;
import dev.palisade.system.integrity.IntegrityReport;
import dev.palisade.system.integrity.IntegrityResult;
import dev.palisade.system.integrity.IntegritySection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade integrity generate|check}: signs the manifest of this installation, or checks the
 * installation against it and writes the spec's report. The build runs {@code generate} after the
 * jar is made (see palisade-cli/pom.xml); docs/integrity-and-backup.md explains the key handling.
 */
@Command(name = "integrity", mixinStandardHelpOptions = true, description = "Integrity control of the installation.",
        subcommands = {IntegrityCommand.Generate.class, IntegrityCommand.Check.class})
final class IntegrityCommand implements Runnable {
    /** Exit status of a check that found a violation. */
    static final int EXIT_VIOLATION = 1;

    @Override
    public void run() {
        System.out.println("usage: palisade integrity generate|check (see --help)");
    }

    /** Options both subcommands share. */
    static class Locations {
        @Option(names = "--dist", paramLabel = "DIR", description = "installation root (default: where this jar is installed)")
        Path dist;

        @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
        Path data = Path.of("var");

        InstallationLayout layout() {
            return new InstallationLayout(dist != null ? dist : defaultDistribution(), data);
        }

        /** The jar lives at {@code <root>/palisade-cli/target/palisade.jar}; elsewhere, the current directory. */
        static Path defaultDistribution() {
            try {
                Path jar = Path.of(IntegrityCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path target = jar.getParent();
                if (jar.getFileName().toString().equals("palisade.jar") && target != null && target.getParent() != null
                        && target.getParent().getParent() != null) {
                    return target.getParent().getParent();
                }
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                // fall through to the working directory
            }
            return Path.of("");
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Sign a manifest of the installation's files (system and applications) and pin the key.")
    static final class Generate implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Locations locations = new Locations();

        @Option(names = "--key", paramLabel = "FILE",
                description = "signing key file (default: $" + IntegrityKeys.KEY_ENV + ", else ~/.config/palisade/integrity-signing.key, created on first use)")
        Path key;

        @Option(names = "--lenient-pin", description = "if the data directory trusts another key, warn instead of failing (used by the build)")
        boolean lenientPin;

        @Override
        public Integer call() {
            InstallationLayout layout = locations.layout();
            boolean release = key == null && IntegrityKeys.isReleaseKey(System.getenv());
            Path keyFile = key != null ? key : IntegrityKeys.signingKeyFile(System.getenv());
            try {
                KeyPair pair = IntegrityKeys.loadOrCreateSigningKey(keyFile, !release);
                try {
                    IntegrityKeys.pinIfAbsent(layout.dataDir(), pair.getPublic());
                } catch (IntegrityKeyException conflict) {
                    if (!lenientPin) {
                        throw conflict;
                    }
                    System.err.println("palisade: warning: " + conflict.getMessage());
                }
                IntegrityManifest manifest = IntegrityManifest.build(layout.sections(), pair, layout.manifest());
                System.out.println("integrity manifest: " + layout.manifest() + " (" + manifest.entries().size()
                        + " files, key id " + manifest.keyId() + ")");
                return 0;
            } catch (IntegrityKeyException | IOException | IllegalArgumentException e) {
                System.err.println("palisade: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check the installation against its signed manifest; exit 1 on any violation.")
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Locations locations = new Locations();

        @Option(names = "--report", paramLabel = "FILE", description = "write the integrity report (spec format) to FILE")
        Path report;

        @Override
        public Integer call() {
            InstallationLayout layout = locations.layout();
            IntegrityResult result = new IntegrityChecker(Clock.systemUTC()).check(layout);
            try {
                if (report != null) {
                    IntegrityReport.write(report, result, HostId.resolve(layout.dataDir()), Instant.now());
                }
            } catch (IOException e) {
                System.err.println("palisade: cannot write the report: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            result.manifestProblem().ifPresent(p -> System.out.println("manifest: " + p));
            for (FileCheck f : result.violations()) {
                System.out.println(f.section() + ": " + f.path() + ": " + f.status().text());
            }
            System.out.println("integrity: " + result.files().size() + " files checked, " + result.violations().size()
                    + " not verified; system " + (result.violatedIn(IntegritySection.SYSTEM) ? "VIOLATED" : "intact")
                    + ", applications " + (result.applicationsViolated() ? "VIOLATED" : "intact"));
            return result.intact() ? 0 : EXIT_VIOLATION;
        }
    }
}
