package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.policy.Policy;
import dev.palisade.system.selftest.IpsCheck;
import java.util.List;
import java.util.Optional;

/**
 * The Network Protector as a configuration document installs it into an engine: what to print
 * ({@code summary}, null when not installed), the running protector and its rule files (null when
 * not running), and the self-test's view of it (a {@link ProtectorProbe} over the running protector,
 * a failed probe when its rules were refused, nothing when it is absent). {@code palisade run}
 * installs it into the service's engine; {@code palisade selftest} into a throwaway engine built
 * from the same document, so both diagnose the protector the document describes.
 */
record InstalledProtector(String summary, NetworkProtector protector, List<RuleParser.RuleFile> files) {

    /**
     * Starts the Network Protector inside {@code engine} when the document installs and configures
     * it. Refused rules fail it: transit stays blocked at ips-stopped and the engine's event puts the
     * gateway in emergency support mode.
     */
    static InstalledProtector install(ConfigDocument doc, TrafficEngine engine) {
        return install(doc, engine, ProtectorListener.NONE);
    }

    /** As above; {@code alerts} records what the protector's rules match (the service's {@link AlertLog}). */
    static InstalledProtector install(ConfigDocument doc, TrafficEngine engine, ProtectorListener alerts) {
        var app = doc.config().application(Policy.NETWORK_PROTECTOR_PACKAGE);
        if (app.isEmpty()) {
            return new InstalledProtector(null, null, null);
        }
        if (!app.get().configured() || !app.get().execute() || doc.netProtector().isEmpty()) {
            return new InstalledProtector("installed, not configured", null, null);
        }
        List<RuleParser.RuleFile> files = NetworkProtector.files(doc.netProtector().get());
        NetworkProtector protector = NetworkProtector.installInto(engine, files, ProtectorSettings.DEFAULTS, alerts);
        return protector == null ? new InstalledProtector("its rules were refused (emergency support mode)", null, files)
                : new InstalledProtector("running, " + protector.protector().rules().size() + " rules", protector, files);
    }

    Optional<IpsCheck.Probe> probe() {
        if (protector != null) {
            return Optional.of(new ProtectorProbe(protector, files));
        }
        if (files != null) {
            // Installed and configured, but its rules were refused: nothing runs, which is a failed diagnosis.
            return Optional.of(() -> new IpsCheck.ProbeResult(0, false, "the protector is not running: its rules were refused"));
        }
        return Optional.empty();
    }

    String absentReason() {
        return summary == null ? "no industrial IPS is installed"
                : "the industrial IPS is installed but not configured (transit traffic is blocked until it is)";
    }

    /** The self-test's IPS check over this protector. */
    IpsCheck check() {
        return new IpsCheck(this::probe, this::absentReason);
    }
}
