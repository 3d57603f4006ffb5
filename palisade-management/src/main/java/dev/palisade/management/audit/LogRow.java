package dev.palisade.management.audit;

/** One record of a log view as the table shows it; {@code critical} rows are highlighted in red. */
public record LogRow(long sequence, String time, String name, String text, String subject, String severity, boolean critical) {
}
