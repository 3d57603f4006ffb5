package dev.palisade.ips.gateway;

import dev.palisade.config.model.NetProtectorConfig;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.engine.TransitInspector;
import dev.palisade.ips.detect.CompiledRules;
import dev.palisade.ips.detect.Inspection;
import dev.palisade.ips.detect.Protector;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.rules.Diagnostic;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.RuleVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Network Protector as the traffic engine's {@link TransitInspector}: a {@link Protector}
 * over the rules of {@code industrial_commands.rules} and {@code industrial_anomalies.rules}
 * (the configuration's {@code APP_CONFIGURATION}, already decoded from base64). Its verdicts map
 * one to one: no match or pass to PASS, alert to ALERT, drop to DROP, reject to REJECT, with the
 * deciding rule's sid and message.
 *
 * <p>{@link #reload} may be called from any thread: the new rules are compiled there and
 * swapped in on the engine's thread before the next packet, keeping flows and stream state.
 * Inspection itself runs on the engine's thread only.
 */
public final class NetworkProtector implements TransitInspector {

    /** The file names the spec gives the two rule lists; diagnostics name them. */
    public static final String COMMANDS_FILE = "industrial_commands.rules";
    public static final String ANOMALIES_FILE = "industrial_anomalies.rules";

    /** The rules could not be parsed: every error, with file, line, column and reason. */
    public static final class RulesRejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<Diagnostic> errors;

        RulesRejected(List<Diagnostic> errors) {
            super(describe(errors));
            this.errors = List.copyOf(errors);
        }

        public List<Diagnostic> errors() {
            return errors;
        }

        private static String describe(List<Diagnostic> errors) {
            if (errors.isEmpty()) {
                return "no rules configured";
            }
            StringBuilder b = new StringBuilder(errors.size() + " error(s) in the rules: ").append(errors.getFirst());
            if (errors.size() > 1) {
                b.append(" (and ").append(errors.size() - 1).append(" more)");
            }
            return b.toString();
        }
    }

    private final Protector protector;
    private final Result result = new Result();
    private volatile CompiledRules pending;

    private NetworkProtector(CompiledRules rules, ProtectorSettings settings, ProtectorListener listener) {
        this.protector = new Protector(rules, settings, listener);
    }

    /** The configuration's rule lists as named rule files (none when neither is given). */
    public static List<RuleParser.RuleFile> files(NetProtectorConfig config) {
        List<RuleParser.RuleFile> files = new ArrayList<>(2);
        config.commandsRules().ifPresent(text -> files.add(new RuleParser.RuleFile(COMMANDS_FILE, text)));
        config.anomalyRules().ifPresent(text -> files.add(new RuleParser.RuleFile(ANOMALIES_FILE, text)));
        return List.copyOf(files);
    }

    /** Compiles rule files; refused when there are none or any rule has an error. */
    public static CompiledRules compile(List<RuleParser.RuleFile> files) throws RulesRejected {
        if (files.isEmpty()) {
            throw new RulesRejected(List.of());
        }
        RuleSet set = RuleParser.withInstalledProtocols(RuleVariables.defaults()).parse(files);
        if (set.hasErrors()) {
            throw new RulesRejected(set.errors());
        }
        return CompiledRules.compile(set);
    }

    /** Starts a protector over rule files (the configuration's: {@link #files}). */
    public static NetworkProtector start(List<RuleParser.RuleFile> files, ProtectorSettings settings, ProtectorListener listener)
            throws RulesRejected {
        return new NetworkProtector(compile(files), Objects.requireNonNull(settings), Objects.requireNonNull(listener));
    }

    /**
     * Starts a protector and installs it in {@code engine}; when the rules are refused, tells the
     * engine the IPS failed instead (transit stays blocked at ips-stopped and the engine raises the
     * event that switches the protector to emergency support mode) and returns null.
     */
    public static NetworkProtector installInto(TrafficEngine engine, List<RuleParser.RuleFile> files, ProtectorSettings settings,
                                               ProtectorListener listener) {
        try {
            NetworkProtector protector = start(files, settings, listener);
            engine.setTransitInspector(protector);
            return protector;
        } catch (RulesRejected e) {
            engine.transitInspectorFailed(e.getMessage());
            return null;
        }
    }

    /**
     * Replaces the rules without a restart: flows, streams and protocol state are kept. On error
     * the running rules stay and the error is thrown (the caller decides whether that is a failure
     * of the protector).
     */
    public void reload(List<RuleParser.RuleFile> files) throws RulesRejected {
        pending = compile(files);
    }

    @Override
    public Result inspect(byte[] buffer, int l3Offset, int l3Length, long timeNanos) {
        CompiledRules next = pending;
        if (next != null) {
            pending = null;
            protector.reload(next);
        }
        Inspection i = protector.inspectIp(buffer, l3Offset, l3Length, timeNanos);
        if (i.action() == null) {
            return result.pass();
        }
        return switch (i.action()) {
            case PASS -> result.pass();
            case ALERT -> result.set(Action.ALERT, i.sid(), i.message());
            case DROP -> result.set(Action.DROP, i.sid(), i.message());
            case REJECT -> result.set(Action.REJECT, i.sid(), i.message());
        };
    }

    /** The protector underneath, for its counters (read on the engine's thread). */
    public Protector protector() {
        return protector;
    }
}
