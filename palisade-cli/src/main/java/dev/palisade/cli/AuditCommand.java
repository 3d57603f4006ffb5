package dev.palisade.cli;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import picocli.CommandLine.Command;

/** {@code palisade audit catalog}: the audit event catalog in the specification's table layout. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit log tools.",
        subcommands = {AuditCommand.Catalog.class})
final class AuditCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("usage: palisade audit catalog");
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
}
