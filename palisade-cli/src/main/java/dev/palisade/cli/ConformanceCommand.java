package dev.palisade.cli;

import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.detect.SuricataConfig;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.RuleVariables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code palisade conformance DIR}: runs every case of a suricata-verify style directory through
 * {@code inspect} (the case's rules, suricata.yaml and {@code --set} arguments, Suricata's
 * defaults otherwise) and evaluates its checks against the EVE output; prints one table row per
 * case. Cases with {@code pcap: false} only load their rules. Shell checks of the form
 * {@code grep PATTERN stderr | wc -l} are evaluated on the run's error output; other shell checks
 * are reported as not evaluated and fail the case.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run a suricata-verify style case directory through inspect and evaluate each case's checks.",
            "Prints a Markdown table; exit status 1 unless every case passes, 2 when DIR holds no case."})
final class ConformanceCommand implements Callable<Integer> {

    private static final Pattern GREP_COUNT = Pattern.compile("\\s*grep\\s+(?:-c\\s+)?\"([^\"]*)\"\\s+stderr\\s*\\|\\s*wc\\s+-l\\s*");

    @Parameters(paramLabel = "DIR", description = "A directory of cases, one sub-directory with a test.yaml each.")
    Path dir;

    /** One case's outcome. */
    record Outcome(String name, int passed, int total, String firstFailure) {
        boolean ok() {
            return firstFailure == null;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            System.err.println("palisade conformance: " + dir + " is not a directory");
            return Main.EXIT_BAD_INPUT;
        }
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(p -> Files.isRegularFile(p.resolve("test.yaml"))).sorted().toList();
        }
        if (cases.isEmpty()) {
            System.err.println("palisade conformance: no case (sub-directory with a test.yaml) in " + dir);
            return Main.EXIT_BAD_INPUT;
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Path c : cases) {
            outcomes.add(runCase(c));
        }
        System.out.print(table(outcomes));
        return outcomes.stream().allMatch(Outcome::ok) ? 0 : 1;
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder("| case | checks passed | result | first failing check |\n|---|---|---|---|\n");
        int ok = 0;
        for (Outcome o : outcomes) {
            if (o.ok()) {
                ok++;
            }
            b.append("| ").append(o.name()).append(" | ").append(o.passed()).append('/').append(o.total()).append(" | ")
                    .append(o.ok() ? "PASS" : "FAIL").append(" | ")
                    .append(o.ok() ? "" : o.firstFailure().replace("|", "\\|")).append(" |\n");
        }
        b.append("\n").append(ok).append(" of ").append(outcomes.size()).append(" cases pass.\n");
        return b.toString();
    }

    static Outcome runCase(Path caseDir) {
        String name = caseDir.getFileName().toString();
        VerifyCase vc;
        try {
            vc = VerifyCase.parse(Files.readString(caseDir.resolve("test.yaml")));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(name, 0, 0, "test.yaml: " + e.getMessage());
        }
        List<Path> rules;
        try (Stream<Path> s = Files.list(caseDir)) {
            rules = s.filter(p -> p.getFileName().toString().endsWith(".rules")).sorted().toList();
        } catch (IOException e) {
            return new Outcome(name, 0, 0, "cannot list the case: " + e.getMessage());
        }
        if (vc.noPcap()) {
            RuleSet set = RuleParser.withInstalledProtocols(RuleVariables.defaults()).parseFiles(rules);
            boolean ok = !set.hasErrors() && !rules.isEmpty();
            return new Outcome(name, ok ? 1 : 0, 1, ok ? null
                    : rules.isEmpty() ? "no rule file" : "rules do not load: " + set.errors().getFirst());
        }
        Path capture;
        try {
            capture = capture(caseDir, vc);
        } catch (IOException e) {
            return new Outcome(name, 0, vc.checks().size(), "no capture: " + e.getMessage());
        }
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        int exit = 0;
        List<JsonNode> records = new ArrayList<>();
        Path eve = null;
        try {
            eve = Files.createTempFile("palisade-conformance-", ".json");
            ProtectorSettings settings = settings(caseDir, vc);
            InspectCommand.run(rules, eve, settings, eveTypes(caseDir, vc), capture, err);
            JsonMapper mapper = JsonMapper.builder().build();
            for (String line : Files.readAllLines(eve)) {
                if (!line.isBlank()) {
                    records.add(mapper.readTree(line));
                }
            }
        } catch (InspectCommand.BadInput e) {
            err.println(e.getMessage());
            exit = 1;
        } catch (IOException e) {
            return new Outcome(name, 0, vc.checks().size(), "I/O: " + e.getMessage());
        } finally {
            if (eve != null) {
                try {
                    Files.deleteIfExists(eve);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
        String stderr = errBytes.toString(StandardCharsets.UTF_8);
        int total = vc.checks().size() + 1;
        int passed = 0;
        String first = null;
        if (exit == vc.exitCode()) {
            passed++;
        } else {
            first = "exit code " + exit + ", expected " + vc.exitCode() + (stderr.isBlank() ? "" : " (" + stderr.strip() + ")");
        }
        for (VerifyCase.Check c : vc.checks()) {
            String failure = evaluate(c, records, stderr);
            if (failure == null) {
                passed++;
            } else if (first == null) {
                first = failure;
            }
        }
        return new Outcome(name, passed, total, first);
    }

    private static String evaluate(VerifyCase.Check c, List<JsonNode> records, String stderr) {
        if (c.isShell()) {
            Matcher m = GREP_COUNT.matcher(c.shell());
            if (!m.matches()) {
                return "not evaluated: " + c.describe();
            }
            long n = stderr.lines().filter(l -> l.contains(m.group(1))).count();
            return String.valueOf(n).equals(c.expect().strip()) ? null : c.describe() + " (got " + n + ")";
        }
        int n = EveCheck.count(records, c.match());
        return n == c.count() ? null : c.describe() + " (got " + n + ")";
    }

    static ProtectorSettings settings(Path caseDir, VerifyCase vc) throws InspectCommand.BadInput {
        Path yaml = caseDir.resolve("suricata.yaml");
        try {
            SuricataConfig c = Files.isRegularFile(yaml) ? SuricataConfig.parse(Files.readString(yaml)) : SuricataConfig.empty();
            for (String s : vc.sets()) {
                c = c.with(s);
            }
            return c.settings(ProtectorSettings.DEFAULTS);
        } catch (IOException e) {
            throw new InspectCommand.BadInput("cannot read " + yaml + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InspectCommand.BadInput("suricata.yaml: " + e.getMessage());
        }
    }

    static java.util.Set<String> eveTypes(Path caseDir, VerifyCase vc) throws InspectCommand.BadInput {
        Path yaml = caseDir.resolve("suricata.yaml");
        return InspectCommand.eveTypes(Files.isRegularFile(yaml) ? yaml : null, vc.sets().isEmpty() && !Files.isRegularFile(yaml)
                ? List.of("outputs.0.eve-log.enabled=yes") : vc.sets());
    }

    private static Path capture(Path caseDir, VerifyCase vc) throws IOException {
        if (vc.pcap() != null) {
            Path p = caseDir.resolve(vc.pcap()).normalize();
            if (!Files.isRegularFile(p)) {
                throw new IOException(p + " not found");
            }
            return p;
        }
        try (Stream<Path> s = Files.list(caseDir)) {
            List<Path> found = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".pcap") || n.endsWith(".pcapng");
            }).sorted().toList();
            if (found.size() != 1) {
                throw new IOException(found.size() + " captures in " + caseDir);
            }
            return found.getFirst();
        }
    }
}
