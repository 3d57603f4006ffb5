package dev.palisade.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code palisade} command. */
@Command(name = "palisade",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Palisade: an open-source IoT / industrial secure gateway.",
        subcommands = {RunCommand.class, ReplayCommand.class, ConfigCommand.class, AuditCommand.class, RulesCommand.class,
                IntegrityCommand.class, BackupCommand.class, SelfTestCommand.class, InspectCommand.class,
                ConformanceCommand.class, LabCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad input: an invalid configuration, an unreadable capture, a bad option. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            cl.getErr().println("palisade: " + ex.getMessage());
            ex.getCommandLine().usage(cl.getErr());
            return EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"palisade " + (v == null ? "development" : v)};
        }
    }
}
