package dev.palisade.notify;

import dev.palisade.audit.AuditRecord;
import dev.palisade.config.model.MqttNotificationConfig;
import dev.palisade.config.model.SettingsConfig;
import dev.palisade.config.model.SyslogConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The running gateway's notification delivery: a {@link Notifier} for the destinations of the
 * settings in force, replaced by a new one when {@code SETTINGS.SYSLOG}, {@code SETTINGS.MQTT_NOTIFICATION}
 * or the device name change. Queues are named by the kind of destination ({@code syslog},
 * {@code mqtt}), not by its address, so what the old destination had not confirmed stays on disk
 * and the new destination of the same kind delivers it: a change of address, port, transport or
 * credentials loses no record. A kind that is switched off keeps its queue on disk, untouched, until
 * it is switched on again. Records {@link #accept}ed during a switch wait for it (the audit store
 * calls from a subscriber thread of its own, so nothing else waits).
 *
 * <p>Change in two steps so a refused change leaves everything as it was: {@link #plan} reads the
 * settings (certificates and keys included) without touching delivery; {@link #switchTo} swaps.
 */
public final class Notifications implements Consumer<AuditRecord>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    /** The part of the settings delivery depends on; equal keys need no restart. */
    private record Key(String deviceName, SyslogConfig syslog, MqttNotificationConfig mqtt) {
    }

    /**
     * Checked settings, ready for {@link #switchTo}: the sender name and the destinations.
     * {@link #toString()} shows no secret (the destinations hide theirs).
     */
    public static final class Plan {
        private final Key key;
        private final String hostName;
        private final List<Destination> destinations;

        private Plan(Key key, String hostName, List<Destination> destinations) {
            this.key = key;
            this.hostName = hostName;
            this.destinations = destinations;
        }

        public List<Destination> destinations() {
            return destinations;
        }

        public String hostName() {
            return hostName;
        }

        @Override
        public String toString() {
            return "Plan[host=" + hostName + ", destinations=" + destinations + "]";
        }
    }

    private final Path stateDir;
    private final NotifierOptions options;
    private final Consumer<OverflowReport> overflow;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Notifier current;
    private Key key;
    private int switches;
    private boolean closed;

    private Notifications(Path stateDir, NotifierOptions options, Consumer<OverflowReport> overflow) {
        this.stateDir = stateDir;
        this.options = options;
        this.overflow = overflow;
    }

    /**
     * Starts delivery for {@code settings} with queues under {@code stateDir}.
     *
     * @throws IllegalArgumentException when an uploaded certificate or key cannot be read
     */
    public static Notifications start(Path stateDir, SettingsConfig settings, NotifierOptions options,
            Consumer<OverflowReport> overflow) throws IOException {
        Notifications n = new Notifications(Objects.requireNonNull(stateDir, "stateDir"),
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(overflow, "overflow"));
        n.switchTo(plan(settings));
        return n;
    }

    /**
     * Reads the destinations of {@code settings} without touching delivery.
     *
     * @throws IllegalArgumentException when an uploaded certificate or key cannot be read (the
     *                                  message names the key, never its content)
     */
    public static Plan plan(SettingsConfig settings) {
        List<Destination> destinations = NotificationTargets.from(settings);
        String host = settings.deviceName().isEmpty() ? "palisade" : settings.deviceName();
        return new Plan(new Key(settings.deviceName(), settings.syslog(), settings.mqttNotification()), host, destinations);
    }

    /**
     * Delivers to the destinations of {@code plan} from now on. Does nothing when the relevant
     * settings did not change. Closing the old notifier leaves its unconfirmed records in the
     * queues, which the new one opens again.
     */
    public void switchTo(Plan plan) throws IOException {
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("notifications closed");
            }
            if (plan.key.equals(key)) {
                return;
            }
            Notifier old = current;
            current = null;
            if (old != null) {
                old.close();
            }
            try {
                current = Notifier.start(stateDir, plan.hostName, plan.destinations, options, overflow);
                key = plan.key;
                switches++;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "notifications could not restart with the new settings; nothing is forwarded until they change", e);
                key = null;
                throw e;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** {@link #plan} and {@link #switchTo} in one step. */
    public void reconfigure(SettingsConfig settings) throws IOException {
        switchTo(plan(settings));
    }

    /** Queues {@code record} for every current destination; waits while delivery is being switched. */
    @Override
    public void accept(AuditRecord record) {
        lock.readLock().lock();
        try {
            if (current != null) {
                current.accept(record);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The state of each current destination (Syslog first), empty when none is enabled. */
    public List<DestinationStatus> status() {
        lock.readLock().lock();
        try {
            return current == null ? List.of() : current.status();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many times delivery was (re)started with new settings, the first start included. */
    public int starts() {
        lock.readLock().lock();
        try {
            return switches;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stops delivery; what is queued stays on disk for the next start. */
    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            closed = true;
            if (current != null) {
                current.close();
                current = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
