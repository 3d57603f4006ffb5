package dev.palisade.audit.store;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.Severity;
import dev.palisade.audit.Subject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The durable, tamper-evident, bounded audit logs in one SQLite database. {@link #record} renders
 * the event text, writes one record into each log the event belongs to and returns once the
 * commit is on disk (WAL, synchronous=FULL). Recording threads hand their events to one writer
 * thread, which commits whatever has queued up in a single transaction (group commit), so many
 * components can record at once without paying one fsync each.
 *
 * <p>Each record carries an HMAC-SHA-256 over its fields and the previous record's MAC (see
 * {@link ChainCodec}); the key lives in {@code <db>.key} (owner-only), the chain heads in
 * {@code <db>.head} (see {@link HeadFile}). When a log is full the oldest records are removed and
 * the MAC of the last removed one is kept as the chain's anchor, so verification still starts from
 * a known value. Before that, at the configured threshold, the "running out of space" warning is
 * recorded; when overwriting starts (and again after each full turn of the log) the "overwrite"
 * event.
 *
 * <p>Thread-safe. Reads (pages, exports, verification) use their own connections and see a
 * consistent snapshot while recording goes on. Committed records go to subscribers afterwards,
 * each on its own thread. Several processes may open the same file (the service and the CLI):
 * the chain state is read inside each write transaction, never cached across them.
 */
public final class AuditStore implements AutoCloseable {

    static final int MAX_BATCH = 512;
    /**
     * How long the head file may lag the database: it is rewritten this long after the first commit it does not
     * cover yet (covering every commit up to then), so a burst costs two fsyncs per 50 ms instead of per commit;
     * and at close.
     */
    static final long HEAD_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final int MAX_VALUE_LENGTH = 1024;
    static final int MAX_SUBJECT_LENGTH = 128;
    private static final System.Logger LOG = System.getLogger(AuditStore.class.getName());
    private static final HexFormat HEX = HexFormat.of();
    private static final Pending STOP = new Pending(null, null, null, null, 0, null);

    private final Path file;
    private final Path headFile;
    private final AuditLimits limits;
    private final Clock clock;
    private final byte[] key;
    private final Connection writeConnection;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<AuditSubscription> subscribers = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile List<ChainReport> reportsAtOpen = List.of();
    /** Writer thread only: the committed state whose head file is not written yet. */
    private Map<AuditLogKind, LogState> pendingHead;

    /** An event waiting for the writer: into one log ({@code onlyLog}) or every log of the event. */
    private record Pending(AuditEventType event, AuditLogKind onlyLog, String subject, String text, long timeMicros,
            CompletableFuture<List<AuditRecord>> done) {
    }

    private AuditStore(Path file, AuditLimits limits, Clock clock, byte[] key, Connection writeConnection) {
        this.file = file;
        this.headFile = sibling(file, ".head");
        this.limits = limits;
        this.clock = clock;
        this.key = key;
        this.writeConnection = writeConnection;
        this.writer = Thread.ofPlatform().name("palisade-audit-writer").daemon().unstarted(this::writeLoop);
    }

    /**
     * Opens (creating on first use) the store of the running gateway and records
     * {@link AuditEventType#AUDIT_SUBSYSTEM_START} in both logs. The limits given are kept in the
     * database so the CLI works with the same ones.
     */
    public static AuditStore open(Path file, AuditLimits limits, Clock clock) {
        AuditStore store = openInternal(file, limits, clock, true);
        try {
            // Verified before anything is written: the first commit rewrites the head file, which would hide a
            // truncation or a removed head file.
            List<ChainReport> reports = new ArrayList<>();
            for (AuditLogKind log : AuditLogKind.values()) {
                reports.add(store.verify(log));
            }
            store.reportsAtOpen = List.copyOf(reports);
            store.record(AuditEventType.AUDIT_SUBSYSTEM_START);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Opens an existing store for a tool (the CLI): no start event, limits as the service last
     * stored them. Refuses a file that does not exist.
     */
    public static AuditStore openForTool(Path file, Clock clock) {
        if (!Files.exists(file)) {
            throw new AuditStoreException("no audit log at " + file);
        }
        return openInternal(file, null, clock, false);
    }

    private static AuditStore openInternal(Path file, AuditLimits requested, Clock clock, boolean service) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(file);
            byte[] key = loadOrCreateKey(sibling(file, ".key"), fresh);
            if (fresh) {
                // The head file exists before the database does, so a missing one is always tampering.
                writeGenesisHead(sibling(file, ".head"), key);
            }
            Connection c = connect(file, false);
            AuditLimits limits;
            try {
                createSchema(c);
                limits = service ? requested : storedLimits(c);
                if (service) {
                    storeLimits(c, requested);
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            AuditStore store = new AuditStore(file, limits, clock, key, c);
            store.writer.start();
            return store;
        } catch (SQLException e) {
            throw new AuditStoreException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AuditStoreException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeGenesisHead(Path headFile, byte[] key) throws IOException {
        ChainCodec codec = new ChainCodec(key);
        Map<AuditLogKind, HeadFile.Entry> entries = new EnumMap<>(AuditLogKind.class);
        for (AuditLogKind log : AuditLogKind.values()) {
            byte[] genesis = codec.genesis(log);
            entries.put(log, new HeadFile.Entry(0, genesis, 0, genesis));
        }
        new HeadFile(entries).write(headFile, codec);
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static byte[] loadOrCreateKey(Path keyFile, boolean freshStore) throws IOException {
        if (Files.exists(keyFile)) {
            String hex = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
            try {
                byte[] key = HEX.parseHex(hex);
                if (key.length != 32) {
                    throw new IllegalArgumentException("length " + key.length);
                }
                return key;
            } catch (IllegalArgumentException e) {
                throw new AuditStoreException("the audit key " + keyFile + " is not 32 bytes of hex");
            }
        }
        if (!freshStore) {
            throw new AuditStoreException("the audit key " + keyFile + " is missing: the existing log can be neither "
                    + "verified nor extended (restore the key, or move the log away to start a new one)");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path tmp = AtomicFile.temporaryBeside(keyFile);
        try {
            Files.writeString(tmp, HEX.formatHex(key) + "\n", StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            AtomicFile.commit(tmp, keyFile);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return key;
    }

    static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: in WAL mode the WAL is fsynced at every commit, so a commit survives power loss, not only a crash.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setReadOnly(readOnly);
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        if (!readOnly) {
            try (Statement s = c.createStatement()) {
                // Overwritten records are zeroed in the file, not merely unlinked (the specification's erasure).
                s.execute("PRAGMA secure_delete=ON");
            }
        }
        return c;
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS audit_record (log TEXT NOT NULL, seq INTEGER NOT NULL, "
                    + "time_us INTEGER NOT NULL, event TEXT NOT NULL, subject TEXT NOT NULL, text TEXT NOT NULL, "
                    + "mac BLOB NOT NULL, PRIMARY KEY (log, seq)) WITHOUT ROWID");
            s.execute("CREATE INDEX IF NOT EXISTS audit_record_time ON audit_record (log, time_us)");
            s.execute("CREATE TABLE IF NOT EXISTS audit_chain (log TEXT PRIMARY KEY, next_seq INTEGER NOT NULL, "
                    + "anchor_seq INTEGER NOT NULL, anchor_mac BLOB NOT NULL, head_mac BLOB NOT NULL, "
                    + "warned INTEGER NOT NULL, removed_total INTEGER NOT NULL, notice_seq INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("INSERT OR IGNORE INTO audit_meta VALUES ('format', '1')");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT value FROM audit_meta WHERE key = 'format'")) {
            if (!rs.next() || !rs.getString(1).equals("1")) {
                throw new AuditStoreException("the audit log has an unknown format");
            }
        }
    }

    private static void storeLimits(Connection c, AuditLimits limits) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO audit_meta VALUES (?, ?)")) {
            String[][] rows = {{"capacity.firewall", Integer.toString(limits.firewallCapacity())},
                    {"capacity.os", Integer.toString(limits.operatingSystemCapacity())},
                    {"warn_free_percent", Integer.toString(limits.warnFreePercent())}};
            for (String[] row : rows) {
                ps.setString(1, row[0]);
                ps.setString(2, row[1]);
                ps.executeUpdate();
            }
        }
    }

    private static AuditLimits storedLimits(Connection c) throws SQLException {
        Map<String, String> meta = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key, value FROM audit_meta")) {
            while (rs.next()) {
                meta.put(rs.getString(1), rs.getString(2));
            }
        }
        AuditLimits d = AuditLimits.defaults();
        return new AuditLimits(Integer.parseInt(meta.getOrDefault("capacity.firewall", Integer.toString(d.firewallCapacity()))),
                Integer.parseInt(meta.getOrDefault("capacity.os", Integer.toString(d.operatingSystemCapacity()))),
                Integer.parseInt(meta.getOrDefault("warn_free_percent", Integer.toString(d.warnFreePercent()))));
    }

    /**
     * The verification of both logs made when {@link #open} opened the store, before it wrote
     * anything (empty for a tool open). A broken chain here is for the self-test and the start-up
     * checks to act on; the store records on regardless, since refusing would lose the events.
     */
    public List<ChainReport> verificationAtOpen() {
        return reportsAtOpen;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    public AuditLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- recording

    /** Records an event without placeholders, with the catalog's subject (system events). */
    public List<AuditRecord> record(AuditEventType event) {
        return record(event, Map.of());
    }

    /** Records an event with the catalog's subject (system events). */
    public List<AuditRecord> record(AuditEventType event, Map<String, String> values) {
        return record(event, event.subject().label(), values);
    }

    /**
     * Records an event in every log it belongs to and returns the records once the commit is
     * durable, one per log (firewall first). For a system event the subject must be the catalog's
     * ("System: Audit"); for an administrator or user event it names who acted ("Administrator",
     * "User", or an account name), at most {@value #MAX_SUBJECT_LENGTH} characters without control
     * characters. Every placeholder of the text needs a value and no other value is accepted;
     * control characters in values are written as {@code \\uXXXX} and a value longer than
     * {@value #MAX_VALUE_LENGTH} characters is cut (marked with "…"), so a record is never lost to
     * its content.
     *
     * @throws IllegalArgumentException for a wrong subject or missing/unknown values (nothing recorded)
     * @throws AuditStoreException      when the commit failed (nothing recorded)
     */
    public List<AuditRecord> record(AuditEventType event, String subject, Map<String, String> values) {
        Objects.requireNonNull(event, "event");
        checkSubject(event, subject);
        String text = event.text().render(sanitize(values));
        return submit(event, null, subject, text);
    }

    private List<AuditRecord> submit(AuditEventType event, AuditLogKind onlyLog, String subject, String text) {
        long micros = micros(clock.instant());
        Pending p = new Pending(event, onlyLog, subject, text, micros, new CompletableFuture<>());
        // Under the read lock no STOP can overtake the event, so the writer either takes it or close() fails it.
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new AuditStoreException("the audit store is closed");
            }
            queue.add(p);
        } finally {
            lifecycle.readLock().unlock();
        }
        try {
            return p.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AuditStoreException ase) {
                throw new AuditStoreException(ase.getMessage(), ase);
            }
            throw new AuditStoreException("recording failed: " + e.getCause(), e.getCause());
        }
    }

    private static void checkSubject(AuditEventType event, String subject) {
        Objects.requireNonNull(subject, "subject");
        if (event.subject().kind() == Subject.Kind.SYSTEM) {
            if (!subject.equals(event.subject().label())) {
                throw new IllegalArgumentException(event + " is recorded by '" + event.subject().label() + "', not '" + subject + "'");
            }
            return;
        }
        if (subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH || subject.startsWith("System:")
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the subject of " + event + " must name who acted (1.." + MAX_SUBJECT_LENGTH
                    + " characters, no control characters, not a system component)");
        }
    }

    static Map<String, String> sanitize(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = Objects.requireNonNull(e.getValue(), () -> "value of <" + e.getKey() + ">");
            StringBuilder sb = new StringBuilder(Math.min(v.length(), MAX_VALUE_LENGTH) + 8);
            for (int i = 0; i < v.length() && sb.length() <= MAX_VALUE_LENGTH; i++) {
                char c = v.charAt(i);
                if (Character.isISOControl(c)) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            if (sb.length() > MAX_VALUE_LENGTH) {
                sb.setLength(MAX_VALUE_LENGTH);
                if (Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
                    sb.setLength(sb.length() - 1);
                }
                sb.append('…');
            }
            out.put(e.getKey(), sb.toString());
        }
        return out;
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * Delivers every record committed from now on to {@code listener}, on a thread of its own, in
     * commit order. Close the subscription to stop.
     */
    public AuditSubscription subscribe(Consumer<AuditRecord> listener) {
        Objects.requireNonNull(listener, "listener");
        AuditSubscription[] self = new AuditSubscription[1];
        self[0] = new AuditSubscription(listener, () -> subscribers.remove(self[0]));
        subscribers.add(self[0]);
        return self[0];
    }

    // ---------------------------------------------------------------- the writer

    /** One log's chain state inside a write transaction. */
    private static final class LogState {
        final AuditLogKind log;
        long nextSeq;
        long anchorSeq;
        byte[] anchorMac;
        byte[] headMac;
        boolean warned;
        long removedTotal;
        long noticeSeq;

        LogState(AuditLogKind log) {
            this.log = log;
        }

        long count() {
            return nextSeq - 1 - anchorSeq;
        }
    }

    private void writeLoop() {
        ChainCodec codec = new ChainCodec(key);
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        long headDue = 0;
        while (!stopping) {
            try {
                Pending first;
                if (pendingHead == null) {
                    first = queue.take();
                } else {
                    first = queue.poll(headDue - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (first == null) {
                        flushHead();
                        continue;
                    }
                }
                batch.add(first);
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP);
            if (!batch.isEmpty()) {
                Map<AuditLogKind, LogState> states = writeBatch(codec, batch);
                if (states != null) {
                    if (pendingHead == null) {
                        headDue = System.nanoTime() + HEAD_DELAY_NANOS;
                    }
                    pendingHead = states;
                    if (System.nanoTime() - headDue >= 0) {
                        flushHead();
                    }
                }
            }
            batch.clear();
        }
        flushHead();
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (Pending p : rest) {
            if (p != STOP) {
                p.done.completeExceptionally(new AuditStoreException("the audit store is closed"));
            }
        }
    }

    /** Writes the head file for the newest committed state, if it has not been written yet. */
    private void flushHead() {
        if (pendingHead == null) {
            return;
        }
        try {
            writeHead(pendingHead);
        } catch (IOException | UncheckedIOException e) {
            // The records are committed; a head file that lags only weakens truncation detection until the next write.
            LOG.log(System.Logger.Level.WARNING, "cannot update the audit head file " + headFile, e);
        }
        pendingHead = null;
    }

    /** Writes one batch in one transaction; returns the committed chain state, or null when nothing was committed. */
    private Map<AuditLogKind, LogState> writeBatch(ChainCodec codec, List<Pending> batch) {
        List<List<AuditRecord>> results = new ArrayList<>(batch.size());
        Map<AuditLogKind, LogState> states;
        try {
            execute("BEGIN IMMEDIATE");
            try {
                states = loadStates(writeConnection);
                try (Statements st = new Statements(writeConnection)) {
                    for (Pending p : batch) {
                        List<AuditRecord> out = new ArrayList<>(2);
                        for (AuditLogKind log : AuditLogKind.values()) {
                            if (p.onlyLog == null ? p.event.logs().contains(log) : p.onlyLog == log) {
                                append(codec, st, states.get(log), p, out);
                            }
                        }
                        results.add(out);
                    }
                    for (LogState s : states.values()) {
                        st.saveState(s);
                    }
                }
                execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            AuditStoreException failure = new AuditStoreException("cannot write the audit log " + file + ": " + e.getMessage(), e);
            for (Pending p : batch) {
                p.done.completeExceptionally(failure);
            }
            return null;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(List.copyOf(results.get(i)));
        }
        for (List<AuditRecord> records : results) {
            for (AuditRecord r : records) {
                for (AuditSubscription s : subscribers) {
                    s.offer(r);
                }
            }
        }
        return states;
    }

    /** Appends one event to one log, with the overwrite notice before it and the space warning after it when due. */
    private void append(ChainCodec codec, Statements st, LogState s, Pending p, List<AuditRecord> out) throws SQLException {
        int capacity = limits.capacity(s.log);
        // The notice is written when overwriting starts and again whenever the last notice is the record about to be
        // overwritten: an overwritten log always shows one.
        if (s.count() >= capacity && s.noticeSeq <= s.anchorSeq + 1) {
            s.noticeSeq = s.nextSeq;
            insert(codec, st, s, AuditEventType.AUDIT_LOG_OVERWRITE, AuditEventType.AUDIT_LOG_OVERWRITE.subject().label(),
                    AuditEventType.AUDIT_LOG_OVERWRITE.text().render(Map.of()), p.timeMicros, out);
        }
        insert(codec, st, s, p.event, p.subject, p.text, p.timeMicros, out);
        long free = capacity - s.count();
        int threshold = limits.warnThreshold(s.log);
        if (free > threshold) {
            s.warned = false;
        } else if (!s.warned) {
            s.warned = true;
            if (free >= 1) {
                AuditEventType w = AuditEventType.AUDIT_LOG_IS_RUNNING_OUT_OF_SPACE;
                String text = w.text().render(Map.of("number or entries", (free - 1) + " entries"));
                insert(codec, st, s, w, w.subject().label(), text, p.timeMicros, out);
            }
        }
    }

    private void insert(ChainCodec codec, Statements st, LogState s, AuditEventType event, String subject, String text,
            long timeMicros, List<AuditRecord> out) throws SQLException {
        long excess = s.count() - limits.capacity(s.log) + 1;
        if (excess > 0) {
            long newAnchor = s.anchorSeq + excess;
            s.anchorMac = st.macAt(s.log, newAnchor);
            st.deleteUpTo(s.log, newAnchor);
            s.anchorSeq = newAnchor;
            s.removedTotal += excess;
        }
        long seq = s.nextSeq++;
        byte[] mac = codec.link(s.headMac, s.log, seq, timeMicros, event.name(), subject, text);
        st.insert(s.log, seq, timeMicros, event.name(), subject, text, mac);
        s.headMac = mac;
        out.add(new AuditRecord(s.log, seq, instant(timeMicros), event, subject, text));
    }

    private Map<AuditLogKind, LogState> loadStates(Connection c) throws SQLException {
        Map<AuditLogKind, LogState> states = new EnumMap<>(AuditLogKind.class);
        ChainCodec codec = new ChainCodec(key);
        try (PreparedStatement ps = c.prepareStatement("SELECT next_seq, anchor_seq, anchor_mac, head_mac, warned, "
                + "removed_total, notice_seq FROM audit_chain WHERE log = ?")) {
            for (AuditLogKind log : AuditLogKind.values()) {
                LogState s = new LogState(log);
                ps.setString(1, log.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        s.nextSeq = rs.getLong(1);
                        s.anchorSeq = rs.getLong(2);
                        s.anchorMac = rs.getBytes(3);
                        s.headMac = rs.getBytes(4);
                        s.warned = rs.getInt(5) != 0;
                        s.removedTotal = rs.getLong(6);
                        s.noticeSeq = rs.getLong(7);
                    } else {
                        s.nextSeq = 1;
                        s.anchorSeq = 0;
                        s.anchorMac = codec.genesis(log);
                        s.headMac = s.anchorMac;
                        s.noticeSeq = 0;
                    }
                }
                states.put(log, s);
            }
        }
        return states;
    }

    private void writeHead(Map<AuditLogKind, LogState> states) throws IOException {
        Map<AuditLogKind, HeadFile.Entry> entries = new EnumMap<>(AuditLogKind.class);
        for (LogState s : states.values()) {
            entries.put(s.log, new HeadFile.Entry(s.nextSeq - 1, s.headMac, s.anchorSeq, s.anchorMac));
        }
        new HeadFile(entries).write(headFile, new ChainCodec(key));
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = writeConnection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "rollback after a failed audit batch", e);
        }
    }

    /** The writer's statements for one transaction. */
    private static final class Statements implements AutoCloseable {
        private final PreparedStatement insert;
        private final PreparedStatement macAt;
        private final PreparedStatement deleteUpTo;
        private final PreparedStatement saveState;

        Statements(Connection c) throws SQLException {
            insert = c.prepareStatement("INSERT INTO audit_record (log, seq, time_us, event, subject, text, mac) VALUES (?, ?, ?, ?, ?, ?, ?)");
            macAt = c.prepareStatement("SELECT mac FROM audit_record WHERE log = ? AND seq = ?");
            deleteUpTo = c.prepareStatement("DELETE FROM audit_record WHERE log = ? AND seq <= ?");
            saveState = c.prepareStatement("INSERT OR REPLACE INTO audit_chain (log, next_seq, anchor_seq, anchor_mac, head_mac, "
                    + "warned, removed_total, notice_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        }

        void insert(AuditLogKind log, long seq, long time, String event, String subject, String text, byte[] mac) throws SQLException {
            insert.setString(1, log.key());
            insert.setLong(2, seq);
            insert.setLong(3, time);
            insert.setString(4, event);
            insert.setString(5, subject);
            insert.setString(6, text);
            insert.setBytes(7, mac);
            insert.executeUpdate();
        }

        byte[] macAt(AuditLogKind log, long seq) throws SQLException {
            macAt.setString(1, log.key());
            macAt.setLong(2, seq);
            try (ResultSet rs = macAt.executeQuery()) {
                if (!rs.next()) {
                    throw new AuditStoreException("the " + log.key() + " log has no record " + seq + " to overwrite; run 'palisade audit verify'");
                }
                return rs.getBytes(1);
            }
        }

        void deleteUpTo(AuditLogKind log, long seq) throws SQLException {
            deleteUpTo.setString(1, log.key());
            deleteUpTo.setLong(2, seq);
            deleteUpTo.executeUpdate();
        }

        void saveState(LogState s) throws SQLException {
            saveState.setString(1, s.log.key());
            saveState.setLong(2, s.nextSeq);
            saveState.setLong(3, s.anchorSeq);
            saveState.setBytes(4, s.anchorMac);
            saveState.setBytes(5, s.headMac);
            saveState.setInt(6, s.warned ? 1 : 0);
            saveState.setLong(7, s.removedTotal);
            saveState.setLong(8, s.noticeSeq);
            saveState.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            insert.close();
            macAt.close();
            deleteUpTo.close();
            saveState.close();
        }
    }

    // ---------------------------------------------------------------- reading

    /** One page of the view the query describes, newest first. */
    public AuditPage page(AuditQuery query) {
        List<AuditRecord> records = new ArrayList<>();
        try (Connection c = connect(file, true)) {
            Filter f = filter(query, true);
            try (PreparedStatement ps = f.prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(row(query.log(), rs));
                }
            }
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        long next = records.isEmpty() ? query.before() : records.getLast().sequence();
        return new AuditPage(records, next);
    }

    /**
     * Up to {@code limit} records of a log with a sequence above {@code afterSequence}, oldest
     * first: how a forwarder catches up on what it has not delivered.
     */
    public List<AuditRecord> after(AuditLogKind log, long afterSequence, int limit) {
        List<AuditRecord> records = new ArrayList<>();
        try (Connection c = connect(file, true);
                PreparedStatement ps = c.prepareStatement("SELECT seq, time_us, event, subject, text FROM audit_record "
                        + "WHERE log = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            ps.setString(1, log.key());
            ps.setLong(2, afterSequence);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(row(log, rs));
                }
            }
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        return records;
    }

    /** The distinct subjects present in a log, sorted: the choices of the view's subject filter. */
    public List<String> subjects(AuditLogKind log) {
        List<String> subjects = new ArrayList<>();
        try (Connection c = connect(file, true);
                PreparedStatement ps = c.prepareStatement("SELECT DISTINCT subject FROM audit_record WHERE log = ? ORDER BY subject")) {
            ps.setString(1, log.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    subjects.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        return subjects;
    }

    /** A query's WHERE clause and its parameters. */
    private record Filter(String sql, List<Object> params) {
        PreparedStatement prepare(Connection c) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        }
    }

    private static Filter filter(AuditQuery q, boolean paged) {
        StringBuilder sql = new StringBuilder("SELECT seq, time_us, event, subject, text FROM audit_record WHERE log = ?");
        List<Object> params = new ArrayList<>();
        params.add(q.log().key());
        if (paged && q.before() != Long.MAX_VALUE) {
            sql.append(" AND seq < ?");
            params.add(q.before());
        }
        if (q.from() != null) {
            sql.append(" AND time_us >= ?");
            params.add(micros(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND time_us < ?");
            params.add(micros(q.to()));
        }
        if (!q.severities().isEmpty() && q.severities().size() < Severity.values().length) {
            List<String> events = new ArrayList<>();
            for (AuditEventType e : AuditEventType.values()) {
                if (e.logs().contains(q.log()) && q.severities().contains(e.severity())) {
                    events.add(e.name());
                }
            }
            in(sql, params, "event", events);
        }
        if (!q.subjects().isEmpty()) {
            in(sql, params, "subject", List.copyOf(q.subjects()));
        }
        sql.append(" ORDER BY seq DESC");
        if (paged) {
            sql.append(" LIMIT ?");
            params.add(q.limit());
        }
        return new Filter(sql.toString(), params);
    }

    private static void in(StringBuilder sql, List<Object> params, String column, List<String> values) {
        if (values.isEmpty()) {
            sql.append(" AND 0");
            return;
        }
        sql.append(" AND ").append(column).append(" IN (");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
            params.add(values.get(i));
        }
        sql.append(')');
    }

    private static AuditRecord row(AuditLogKind log, ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        String eventName = rs.getString(3);
        AuditEventType event;
        try {
            event = AuditEventType.valueOf(eventName);
            return new AuditRecord(log, seq, instant(rs.getLong(2)), event, rs.getString(4), rs.getString(5));
        } catch (IllegalArgumentException e) {
            throw new AuditStoreException("record " + seq + " of the " + log.key() + " log is not a valid record (" + eventName
                    + "): run 'palisade audit verify'", e);
        }
    }

    // ---------------------------------------------------------------- export

    /**
     * Writes every record the query matches (its period, severities and subjects; not its page)
     * as RFC 4180 CSV to {@code out}, newest first, streaming, then records the export
     * ({@code LOG_EXPORT} or {@code SYSTEM_LOG_EXPORT}) by {@code actor}; on failure records the
     * export error event and rethrows. The stream is flushed, not closed.
     *
     * @return the number of records written
     */
    public long exportCsv(AuditQuery query, OutputStream out, String actor) throws IOException {
        checkSubject(exportEvent(query.log(), false), actor);
        long n;
        try {
            n = writeCsv(query, out);
        } catch (IOException | AuditStoreException e) {
            record(exportEvent(query.log(), true), actor, Map.of());
            throw e;
        }
        record(exportEvent(query.log(), false), actor, Map.of());
        return n;
    }

    /**
     * Like {@link #exportCsv(AuditQuery, OutputStream, String)} into a file that is replaced
     * atomically (temporary file, fsync, rename): the target holds the complete export or is left
     * as it was.
     */
    public long exportCsv(AuditQuery query, Path target, String actor) throws IOException {
        checkSubject(exportEvent(query.log(), false), actor);
        long n;
        Path tmp = null;
        try {
            tmp = AtomicFile.temporaryBeside(target);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                n = writeCsv(query, Channels.newOutputStream(ch));
                ch.force(true);
            }
            AtomicFile.commit(tmp, target);
        } catch (IOException | AuditStoreException e) {
            record(exportEvent(query.log(), true), actor, Map.of());
            throw e;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
        record(exportEvent(query.log(), false), actor, Map.of());
        return n;
    }

    private static AuditEventType exportEvent(AuditLogKind log, boolean error) {
        if (log == AuditLogKind.FIREWALL) {
            return error ? AuditEventType.LOG_EXPORT_ERROR : AuditEventType.LOG_EXPORT;
        }
        return error ? AuditEventType.SYSTEM_LOG_EXPORT_ERROR : AuditEventType.SYSTEM_LOG_EXPORT;
    }

    private long writeCsv(AuditQuery query, OutputStream out) throws IOException {
        long n = 0;
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        try (Connection c = connect(file, true)) {
            c.setAutoCommit(false); // one read transaction: the export is one consistent snapshot
            Filter f = filter(query, false);
            try (PreparedStatement ps = f.prepare(c); ResultSet rs = ps.executeQuery()) {
                w.write(CsvFormat.HEADER);
                while (rs.next()) {
                    CsvFormat.row(w, row(query.log(), rs));
                    n++;
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        w.flush();
        return n;
    }

    // ---------------------------------------------------------------- verification

    /** Verifies one log's chain from its anchor to its head, against the chain state and the head file. */
    public ChainReport verify(AuditLogKind log) {
        return new ChainVerifier(file, headFile, key, log).verify();
    }

    /**
     * The self-test's audit check: records {@link AuditEventType#AUDIT_SUBSYSTEM_TEST_MESSAGE} in
     * both logs ("The test message was successfully recorded during audit subsystem
     * diagnostics"), reads each record back from the database and compares it, then verifies
     * both chains. Never throws: a failure is a failed check with its reason.
     */
    public AuditSelfTest selfTest() {
        List<String> details = new ArrayList<>();
        boolean ok = true;
        try {
            for (AuditRecord written : record(AuditEventType.AUDIT_SUBSYSTEM_TEST_MESSAGE)) {
                List<AuditRecord> back = after(written.log(), written.sequence() - 1, 1);
                boolean same = back.size() == 1 && back.getFirst().equals(written);
                ok &= same;
                details.add(written.log().key() + ": test record " + written.sequence() + (same ? " written and read back" : " not read back as written"));
            }
        } catch (AuditStoreException e) {
            ok = false;
            details.add("test record not written: " + e.getMessage());
        }
        for (AuditLogKind log : AuditLogKind.values()) {
            try {
                ChainReport r = verify(log);
                ok &= r.ok();
                details.add(r.toString());
            } catch (AuditStoreException e) {
                ok = false;
                details.add(log.key() + ": cannot verify: " + e.getMessage());
            }
        }
        return new AuditSelfTest(ok, details);
    }

    static Connection readConnection(Path file) throws SQLException {
        return connect(file, true);
    }

    /** Stops the writer after the events already queued, then closes the database and the subscriptions. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        lifecycle.writeLock().lock();
        try {
            closed = true;
            queue.add(STOP);
        } finally {
            lifecycle.writeLock().unlock();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (AuditSubscription s : subscribers) {
            s.close();
        }
        try {
            writeConnection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the audit log " + file, e);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
