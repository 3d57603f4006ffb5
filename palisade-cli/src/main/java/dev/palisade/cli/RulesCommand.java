package dev.palisade.cli;

import dev.palisade.ips.rules.Diagnostic;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.RuleVariables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade rules check FILE...}: validates Suricata-format rule files for the Network Protector. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Work with the Network Protector's Suricata-format rule files.",
        subcommands = {RulesCommand.Check.class})
final class RulesCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("usage: palisade rules check [--var NAME=GROUP] [--port-var NAME=GROUP] FILE...");
    }

    /**
     * Parses the files together, as the protector loads its two rule files (a sid may appear once
     * among them), prints every diagnostic as {@code file:line:column: error|warning: reason} and
     * a summary, and exits 2 when any rule has an error.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate rule files: prints every error and warning as file:line:column: level: reason, "
                + "then a summary. Exit status 2 when any rule has an error, else 0.",
                "Rules for protocols or keywords Palisade does not inspect are skipped with a warning."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule files, checked together.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--var", paramLabel = "NAME=GROUP",
                description = "Set an address variable, e.g. --var HOME_NET=[10.0.0.0/8] (defaults as Suricata's suricata.yaml).")
        List<String> addressVars = new ArrayList<>();

        @Option(names = "--port-var", paramLabel = "NAME=GROUP", description = "Set a port variable, e.g. --port-var MODBUS_PORTS=[502,5020].")
        List<String> portVars = new ArrayList<>();

        @Option(names = "--errors-only", description = "Print only errors (warnings still count in the summary).")
        boolean errorsOnly;

        @Override
        public Integer call() {
            RuleVariables vars = RuleVariables.defaults();
            try {
                for (String v : addressVars) {
                    String[] kv = split(v);
                    vars = vars.withAddress(kv[0], kv[1]);
                }
                for (String v : portVars) {
                    String[] kv = split(v);
                    vars = vars.withPort(kv[0], kv[1]);
                }
            } catch (IllegalArgumentException e) {
                System.err.println("palisade rules check: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            RuleSet set = RuleParser.withInstalledProtocols(vars).parseFiles(files);
            for (Diagnostic d : set.diagnostics()) {
                if (d.isError() || !errorsOnly) {
                    System.err.println(d);
                }
            }
            System.out.println(set.summary() + " (" + set.errors().size() + " errors, " + set.warnings().size()
                    + " warnings) in " + files.size() + (files.size() == 1 ? " file" : " files"));
            return set.hasErrors() ? Main.EXIT_BAD_INPUT : 0;
        }

        private static String[] split(String v) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a variable is NAME=GROUP, not '" + v + "'");
            }
            return new String[] {v.substring(0, eq), v.substring(eq + 1)};
        }
    }
}
