package dev.palisade.cli;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.Severity;
import dev.palisade.audit.store.AuditPage;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.AuditStoreException;
import dev.palisade.audit.store.ChainReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palisade audit}: the audit event catalog, and the audit logs in the data directory
 * ({@code DIR/audit.db}, as {@code palisade run} keeps them): list a page of a log, export the
 * filtered view as CSV (audited like an export from the web interface), verify both hash chains.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit log tools.",
        subcommands = {AuditCommand.Catalog.class, AuditCommand.ListRecords.class, AuditCommand.Export.class, AuditCommand.Verify.class})
final class AuditCommand implements Runnable {

    /** Exit status when a chain is broken or the log cannot be read. */
    static final int EXIT_FAILED = 1;

    @Override
    public void run() {
        System.out.println("usage: palisade audit (catalog | list | export | verify) [options]; palisade audit <command> --help");
    }

    @Command(name = "catalog", mixinStandardHelpOptions = true,
            description = "Print every audit event: log, event name, event text, severity, subject (tab-separated).")
    static final class Catalog implements Runnable {
        @Override
        public void run() {
            StringBuilder sb = new StringBuilder("log\tevent name\tevent text\tseverity\tsubject\n");
            for (AuditLogKind log : AuditLogKind.values()) {
                for (AuditEventType e : AuditEventType.values()) {
                    if (e.logs().contains(log)) {
                        sb.append(log.key()).append('\t').append(e.eventName()).append('\t').append(e.text().template())
                                .append('\t').append(e.severity().label()).append('\t').append(e.subject().label()).append('\n');
                    }
                }
            }
            System.out.print(sb);
        }
    }

    /** Where the logs are. */
    static final class DataDir {
        @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
        Path data = Path.of("var");

        Path file() {
            return data.resolve("audit.db");
        }
    }

    /** The view's filters, shared by list and export. */
    static final class Filters {
        @Mixin
        DataDir dir = new DataDir();

        @Option(names = "--log", paramLabel = "LOG", description = "firewall or os (default ${DEFAULT-VALUE})")
        String log = "firewall";

        @Option(names = "--from", paramLabel = "WHEN", description = "from this date (YYYY-MM-DD, UTC) or instant (2026-11-25T10:00:00Z), inclusive")
        String from;

        @Option(names = "--to", paramLabel = "WHEN", description = "up to this date (inclusive) or instant (exclusive)")
        String to;

        @Option(names = "--severity", paramLabel = "LEVEL", split = ",", description = "informational, warning, critical (several: comma-separated)")
        List<String> severities = new ArrayList<>();

        @Option(names = "--subject", paramLabel = "SUBJECT", description = "exact subject, e.g. \"Administrator\" or \"System: Audit\" (repeatable)")
        List<String> subjects = new ArrayList<>();

        /** The query, or an IllegalArgumentException naming the bad option. */
        AuditQuery query() {
            AuditLogKind kind = switch (log) {
                case "firewall" -> AuditLogKind.FIREWALL;
                case "os" -> AuditLogKind.OPERATING_SYSTEM;
                default -> throw new IllegalArgumentException("--log must be firewall or os, not '" + log + "'");
            };
            Set<Severity> levels = EnumSet.noneOf(Severity.class);
            for (String s : severities) {
                try {
                    levels.add(Severity.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--severity must be informational, warning or critical, not '" + s + "'", e);
                }
            }
            return AuditQuery.of(kind).withFrom(from == null ? null : when("--from", from, false))
                    .withTo(to == null ? null : when("--to", to, true)).withSeverities(levels).withSubjects(Set.copyOf(subjects));
        }

        private static Instant when(String option, String value, boolean end) {
            try {
                if (value.length() == 10) {
                    LocalDate d = LocalDate.parse(value);
                    return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be a date (2026-11-25) or an instant (2026-11-25T10:00:00Z), not '"
                        + value + "'", e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print a page of an audit log, newest first (tab-separated: sequence, time, severity, subject, event name, text).")
    static final class ListRecords implements Callable<Integer> {
        @Mixin
        Filters filters = new Filters();

        @Option(names = "--limit", paramLabel = "N", description = "page size, 1..1024 (default ${DEFAULT-VALUE})")
        int limit = AuditQuery.PAGE;

        @Option(names = "--before", paramLabel = "SEQ", description = "records older than this sequence (load more)")
        Long before;

        @Override
        public Integer call() {
            AuditQuery q;
            try {
                q = filters.query().withLimit(limit);
                if (before != null) {
                    q = q.before(before);
                }
            } catch (IllegalArgumentException e) {
                System.err.println("palisade: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            try (AuditStore store = AuditStore.openForTool(filters.dir.file(), Clock.systemUTC())) {
                AuditPage page = store.page(q);
                StringBuilder sb = new StringBuilder("sequence\ttime\tseverity\tsubject\tevent name\ttext\n");
                for (AuditRecord r : page.records()) {
                    sb.append(r.sequence()).append('\t').append(r.time()).append('\t').append(r.severity().label()).append('\t')
                            .append(r.subject()).append('\t').append(r.event().eventName()).append('\t').append(r.text()).append('\n');
                }
                System.out.print(sb);
                if (page.records().size() == q.limit()) {
                    System.err.println("palisade: more with --before " + page.nextBefore());
                }
                return 0;
            } catch (AuditStoreException e) {
                System.err.println("palisade: " + e.getMessage());
                return EXIT_FAILED;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the filtered view of an audit log to a CSV file (RFC 4180), replacing it atomically; the export is audited.")
    static final class Export implements Callable<Integer> {
        @Mixin
        Filters filters = new Filters();

        @Option(names = "--csv", paramLabel = "FILE", required = true, description = "the CSV file to write")
        Path csv;

        @Override
        public Integer call() {
            AuditQuery q;
            try {
                q = filters.query();
            } catch (IllegalArgumentException e) {
                System.err.println("palisade: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            try (AuditStore store = AuditStore.openForTool(filters.dir.file(), Clock.systemUTC())) {
                // The command line is the administrator's tool (it needs the data directory, which only root reads).
                long n = store.exportCsv(q, csv, "Administrator");
                System.out.println("palisade: wrote " + n + " records of the " + q.log().key() + " log to " + csv);
                return 0;
            } catch (AuditStoreException | IOException e) {
                System.err.println("palisade: export failed: " + e.getMessage());
                return EXIT_FAILED;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify the hash chains of both audit logs; exit status 1 when either is broken.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        DataDir dir = new DataDir();

        @Override
        public Integer call() {
            try (AuditStore store = AuditStore.openForTool(dir.file(), Clock.systemUTC())) {
                boolean ok = true;
                for (AuditLogKind log : AuditLogKind.values()) {
                    ChainReport r = store.verify(log);
                    System.out.println(r);
                    ok &= r.ok();
                }
                return ok ? 0 : EXIT_FAILED;
            } catch (AuditStoreException e) {
                System.err.println("palisade: " + e.getMessage());
                return EXIT_FAILED;
            }
        }
    }
}
