package dev.palisade.cli;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.ips.detect.CompiledRules;
import dev.palisade.ips.detect.Protector;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.detect.SuricataConfig;
import dev.palisade.ips.eve.BackgroundOutputStream;
import dev.palisade.ips.eve.EveWriter;
import dev.palisade.ips.mqtt.MqttEveOptions;
import dev.palisade.ips.rules.Diagnostic;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.RuleVariables;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palisade inspect}: runs the Network Protector over a capture as a sensor (every packet
 * inspected, nothing blocked) and writes EVE JSON.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Run the Network Protector over a pcap/pcapng capture as a sensor and write EVE JSON "
            + "(alerts, modbus and mqtt transactions, anomalies, flows).",
            "Exit status 2 on bad input (unreadable capture, rule errors, invalid suricata.yaml)."})
final class InspectCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "FILE", description = "A Suricata-format rule file (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--eve", paramLabel = "OUT.json", required = true, description = "Where to write the EVE JSON (one object per line).")
    Path eve;

    @Option(names = "--suricata-yaml", paramLabel = "FILE",
            description = "Take the settings that change behaviour from a Suricata configuration; omitted settings take Suricata's defaults (midstream off).")
    Path suricataYaml;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a Suricata setting, e.g. --set stream.midstream=true (implies Suricata defaults).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--midstream", description = "Pick up connections already running (on by default without --suricata-yaml).")
    boolean midstream;

    @Parameters(paramLabel = "INPUT", description = "The capture (pcap or pcapng).")
    Path input;

    /** What one run produced. */
    record Result(long packets, long records, long alerts, long malformed, String rules) {
    }

    @Override
    public Integer call() {
        try {
            ProtectorSettings settings = settings(suricataYaml, sets, midstream);
            Result r = run(rules, eve, settings, eveTypes(suricataYaml, sets), input, System.err);
            System.out.println(r.packets() + " packets, " + r.alerts() + " alerts, " + r.records() + " EVE records ("
                    + r.rules() + ")" + (r.malformed() > 0 ? ", " + r.malformed() + " malformed frames" : ""));
            return 0;
        } catch (BadInput e) {
            System.err.println("palisade inspect: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }

    /** Bad input for a run: the message says what and where. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    /** The settings: Palisade's defaults, or Suricata's with a configuration file or --set. */
    static ProtectorSettings settings(Path yaml, List<String> sets, boolean midstream) throws BadInput {
        if (yaml == null && sets.isEmpty()) {
            return ProtectorSettings.DEFAULTS.withMidstream(true);
        }
        try {
            SuricataConfig c = yaml == null ? SuricataConfig.empty() : SuricataConfig.parse(Files.readString(yaml));
            for (String s : sets) {
                c = c.with(s);
            }
            ProtectorSettings s = c.settings(ProtectorSettings.DEFAULTS);
            return midstream ? s.withMidstream(true) : s;
        } catch (IOException e) {
            throw new BadInput("cannot read " + yaml + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInput((yaml == null ? "--set" : yaml.toString()) + ": " + e.getMessage());
        }
    }

    /** The EVE types a Suricata configuration asks for, or null for all. */
    static java.util.Set<String> eveTypes(Path yaml, List<String> sets) throws BadInput {
        if (yaml == null) {
            // --set edits Suricata's default configuration, whose eve-log output lists every record
            // type: a set such as types.1.frame.enabled=yes changes one entry, it does not make the
            // list that one entry.
            return null;
        }
        try {
            SuricataConfig c = yaml == null ? SuricataConfig.empty() : SuricataConfig.parse(Files.readString(yaml));
            for (String s : sets) {
                c = c.with(s);
            }
            return c.eveTypes().orElse(null);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInput(String.valueOf(e.getMessage()));
        }
    }

    /** Loads rules, runs the capture, writes the EVE file atomically; {@code eveTypes} null for every type. */
    static Result run(List<Path> ruleFiles, Path eve, ProtectorSettings settings, java.util.Set<String> eveTypes, Path input,
            PrintStream err) throws BadInput {
        RuleSet set = RuleParser.withInstalledProtocols(RuleVariables.defaults()).parseFiles(ruleFiles);
        if (set.hasErrors()) {
            for (Diagnostic d : set.errors()) {
                err.println(d);
            }
            throw new BadInput(set.summary());
        }
        CompiledRules compiled = CompiledRules.compile(set);
        Path dir = eve.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".eve", ".tmp");
        } catch (IOException e) {
            throw new BadInput("cannot write " + eve + ": " + e.getMessage());
        }
        long[] alerts = new long[1];
        long packets;
        long malformed;
        long records;
        try {
            // EVE goes to the file through a writer thread of its own: the inspecting thread only copies bytes
            try (OutputStream os = new BackgroundOutputStream(FileChannel.open(tmp, StandardOpenOption.WRITE), 1 << 20, 4);
                    CaptureReader reader = CaptureReader.open(input)) {
                MqttEveOptions eveOptions = settings.mqttEve();
                EveWriter writer = new EveWriter(os, eveOptions, true, eveTypes, true);
                CountingListener counting = new CountingListener(writer, alerts);
                Protector protector = new Protector(compiled, settings, counting);
                CapturedFrame frame = new CapturedFrame();
                while (reader.next(frame)) {
                    protector.inspectFrame(frame.buffer(), 0, frame.length(), frame.captureInterface().linkType(),
                            frame.timestampNanos());
                }
                protector.finish();
                writer.flush();
                packets = protector.packets();
                malformed = protector.malformed();
                records = writer.records();
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, eve, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is left; the error below matters more
            }
            throw new BadInput("cannot inspect " + input + ": " + e.getMessage());
        }
        return new Result(packets, records, alerts[0], malformed, compiled.summary());
    }

    /** Counts alerts on their way to the EVE writer. */
    private static final class CountingListener implements dev.palisade.ips.detect.ProtectorListener {
        private final EveWriter eve;
        private final long[] alerts;

        CountingListener(EveWriter eve, long[] alerts) {
            this.eve = eve;
            this.alerts = alerts;
        }

        @Override
        public void alert(dev.palisade.ips.detect.PacketMeta p, dev.palisade.ips.detect.Flow f,
                dev.palisade.ips.rules.Rule r, Object tx) {
            alerts[0]++;
            eve.alert(p, f, r, tx);
        }

        @Override
        public void modbusTransaction(dev.palisade.ips.detect.PacketMeta p, dev.palisade.ips.detect.Flow f,
                dev.palisade.ips.modbus.ModbusTransaction tx) {
            eve.modbusTransaction(p, f, tx);
        }

        @Override
        public void mqttTransaction(dev.palisade.ips.detect.PacketMeta p, dev.palisade.ips.detect.Flow f,
                dev.palisade.ips.mqtt.MqttTransaction tx) {
            eve.mqttTransaction(p, f, tx);
        }

        @Override
        public void anomaly(dev.palisade.ips.detect.PacketMeta p, dev.palisade.ips.detect.Flow f, String app, String event,
                long txId) {
            eve.anomaly(p, f, app, event, txId);
        }

        @Override
        public void flowEnded(dev.palisade.ips.detect.Flow f, long now) {
            eve.flowEnded(f, now);
        }
    }
}
