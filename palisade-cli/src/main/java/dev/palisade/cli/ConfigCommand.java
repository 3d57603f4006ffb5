package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code palisade config check FILE | defaults | first-run}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check a configuration document, or print the default or first-run document.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Defaults.class, ConfigCommand.FirstRun.class})
final class ConfigCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("usage: palisade config check FILE | defaults | first-run");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration document; prints every error with its JSON path.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            try {
                ConfigDocument doc = ConfigDocument.read(file);
                for (ConfigError w : doc.warnings()) {
                    System.err.println("warning: " + w);
                }
                System.out.println(file + ": valid");
                return 0;
            } catch (ConfigException e) {
                System.err.println(file + ": invalid configuration");
                for (ConfigError error : e.errors()) {
                    System.err.println("  " + error);
                }
                return Main.EXIT_BAD_INPUT;
            } catch (IOException e) {
                System.err.println(file + ": cannot read: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "defaults", description = "Print the configuration of a freshly installed gateway.")
    static final class Defaults implements Runnable {
        @Override
        public void run() {
            System.out.print(ConfigDocument.defaults().toJson());
        }
    }

    @Command(name = "first-run", description = "Print the shipped first-run document.")
    static final class FirstRun implements Runnable {
        @Override
        public void run() {
            System.out.print(ConfigDocument.firstRun().toJson());
        }
    }
}
