package dev.palisade.system.mode;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.model.ModeSwitch;
import dev.palisade.system.selftest.CheckResult;
import dev.palisade.system.selftest.SelfTestReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Owns the operating mode and its transitions (the specification's EmergencyManager, plus the
 * Launcher's developer and non-immune mode events).
 *
 * <p>Entering emergency support mode, in this order: the reason is persisted in the data
 * directory (so a crash right after still comes back in emergency); the engine is switched to
 * emergency-deny; both audit records are written to the operating-system log ("Emergency support
 * mode is enabled: &lt;cause&gt;" and "functions (...) are limited"), and for an IPS failure
 * "Emergency mode activated for Network Protector" to the firewall log; the web sessions are ended
 * and the applications stopped through the {@link EmergencyListener}. A failing audit record,
 * listener or disk write never keeps the gateway out of emergency: it is logged and the rest goes on.
 *
 * <p>Leaving: never by command. After a restart {@link #start} re-runs the check of each stored
 * cause and enters again for those still failing; {@link #clearOnRestore()} forgets the state
 * before the restart that follows a restore. Developer and non-immune modes are sticky: once
 * switched on by {@code MODE_SWITCH} they stay on (only a reinstallation, i.e. a new data
 * directory, clears them).
 *
 * <p>Thread-safe: transitions are serialized; {@link #mode()} is a volatile read.
 */
public final class EmergencySupport {

    private static final System.Logger LOG = System.getLogger(EmergencySupport.class.getName());
    static final String LIMITED_FUNCTIONS = "web sessions, applications, transit traffic";

    /** Re-runs the check behind a cause after a restart. */
    @FunctionalInterface
    public interface CauseCheck {
        /** Empty when the cause is gone; otherwise what still fails (becomes the new description). */
        Optional<String> stillFailing(EmergencyCause cause);
    }

    private final ModeFile file;
    private final AuditStore audit;
    private final Clock clock;
    private final Consumer<Boolean> engineSwitch;
    private final EmergencyListener listener;
    private volatile OperatingMode mode = OperatingMode.NORMAL;

    /**
     * @param dataDir where {@code mode.properties} is kept
     * @param engineSwitch switches the data plane's emergency-deny (e.g. {@code engine::setEmergency},
     *     or one that switches both the engine and the live ruleset)
     * @param listener ends sessions and stops applications
     */
    public EmergencySupport(Path dataDir, AuditStore audit, Clock clock, Consumer<Boolean> engineSwitch, EmergencyListener listener) {
        this.file = new ModeFile(Objects.requireNonNull(dataDir, "dataDir"));
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.engineSwitch = Objects.requireNonNull(engineSwitch, "engineSwitch");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The current mode, for every page and the API. */
    public OperatingMode mode() {
        return mode;
    }

    /**
     * At service start, before traffic flows: loads the stored mode, applies {@code MODE_SWITCH}
     * (recording the developer / non-immune mode events when active), re-runs the check of each
     * stored emergency cause and enters emergency again for those still failing. An unreadable
     * mode file is itself treated as an integrity violation (and re-checked like one).
     *
     * @return the mode after start
     */
    public synchronized OperatingMode start(ModeSwitch modeSwitch, CauseCheck recheck) {
        OperatingMode stored;
        try {
            stored = file.read();
        } catch (IOException e) {
            stored = OperatingMode.NORMAL.withEmergency(List.of(new EmergencyReason(EmergencyCause.INTEGRITY_VIOLATION,
                    "the stored operating mode cannot be read: " + e.getMessage(), clock.instant())));
        }
        mode = OperatingMode.NORMAL.withFlags(stored.developer(), stored.nonImmune());
        applyModeSwitch(modeSwitch, true);
        List<EmergencyReason> remaining = new ArrayList<>();
        for (EmergencyReason r : stored.emergency()) {
            Optional<String> still;
            try {
                still = recheck.stillFailing(r.cause());
            } catch (RuntimeException e) {
                still = Optional.of("the check of " + r.cause().text() + " failed: " + e);
            }
            still.ifPresent(description -> remaining.add(new EmergencyReason(r.cause(), description, clock.instant())));
        }
        if (remaining.isEmpty()) {
            persist(mode);
        } else {
            activate(remaining);
        }
        return mode;
    }

    /**
     * Enters emergency support mode for {@code cause} (or adds the cause when already in it).
     *
     * @return false when the gateway was already in emergency for this cause (nothing done)
     */
    public synchronized boolean enter(EmergencyCause cause, String description) {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(description, "description");
        if (mode.emergency().stream().anyMatch(r -> r.cause() == cause)) {
            return false;
        }
        activate(List.of(new EmergencyReason(cause, description, clock.instant())));
        return true;
    }

    /** Enters emergency when {@code report} failed, with the failed checks as the description. */
    public boolean enterOnFailure(SelfTestReport report) {
        if (report.passed()) {
            return false;
        }
        String failed = report.failures().stream().map(CheckResult::name).collect(Collectors.joining(", "));
        return enter(EmergencyCause.SELF_TEST_FAILED, "failed checks: " + failed);
    }

    /** A configuration change: switches developer / non-immune mode on (never off) as {@code MODE_SWITCH} says. */
    public synchronized void applyModeSwitch(ModeSwitch modeSwitch) {
        applyModeSwitch(modeSwitch, false);
    }

    /**
     * A restore from a backup: forgets the emergency state (the flags stay), so the restart that
     * follows the restore starts normally. The running gateway stays in emergency until then.
     */
    public synchronized void clearOnRestore() {
        persist(new OperatingMode(List.of(), mode.developer(), mode.nonImmune()));
    }

    private void applyModeSwitch(ModeSwitch modeSwitch, boolean atStart) {
        boolean developer = mode.developer() || modeSwitch.developerMode();
        boolean nonImmune = mode.nonImmune() || modeSwitch.noSecureMode();
        boolean newDeveloper = developer && (atStart || !mode.developer());
        boolean newNonImmune = nonImmune && (atStart || !mode.nonImmune());
        if (developer != mode.developer() || nonImmune != mode.nonImmune()) {
            mode = mode.withFlags(developer, nonImmune);
            persist(mode);
        }
        // Each start activates the mode again, so its event is recorded at each start too.
        if (newNonImmune) {
            record(AuditEventType.ENABLING_THE_NON_IMMUNE_MODE, Map.of());
        }
        if (newDeveloper) {
            record(AuditEventType.ENABLING_THE_DEVELOPER_MODE, Map.of());
        }
    }

    private void activate(List<EmergencyReason> added) {
        boolean wasInEmergency = mode.inEmergency();
        List<EmergencyReason> all = new ArrayList<>(mode.emergency());
        all.addAll(added);
        mode = mode.withEmergency(all);
        persist(mode);
        // Traffic first: the rest may take time, blocking must not wait for it.
        try {
            engineSwitch.accept(true);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "emergency support mode: cannot switch the engine: " + e, e);
        }
        for (EmergencyReason r : added) {
            record(AuditEventType.ENABLING_THE_EMERGENCY_SUPPORT_MODE, Map.of("description", r.text()));
            if (r.cause() == EmergencyCause.IPS_FAILED) {
                record(AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE, Map.of());
            }
        }
        if (!wasInEmergency) {
            record(AuditEventType.LIMITING_THE_OPERATING_SYSTEM_FUNCTIONS, Map.of("description", LIMITED_FUNCTIONS));
            run("end the web sessions", listener::endSessions);
            run("stop the applications", listener::stopApplications);
        }
    }

    private void persist(OperatingMode m) {
        try {
            file.write(m);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot store the operating mode in " + file.path() + ": " + e, e);
        }
    }

    private void record(AuditEventType event, Map<String, String> values) {
        try {
            audit.record(event, values);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot record " + event + ": " + e.getMessage(), e);
        }
    }

    private static void run(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "emergency support mode: cannot " + what + ": " + e, e);
        }
    }
}
