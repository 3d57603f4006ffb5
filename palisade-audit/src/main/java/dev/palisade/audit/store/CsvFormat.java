package dev.palisade.audit.store;

import dev.palisade.audit.AuditRecord;
import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 rows of the export: CRLF line ends, a field quoted when it holds a comma, a quote, CR
 * or LF, quotes inside doubled. Columns as the specification's views show them, with the sequence
 * first so an export can be matched to the log it came from.
 */
final class CsvFormat {

    static final String HEADER = "Sequence,Date and time,Event name,Event text,Subject ID,Severity\r\n";

    private CsvFormat() {
    }

    static void row(Writer out, AuditRecord r) throws IOException {
        out.write(Long.toString(r.sequence()));
        out.write(',');
        out.write(r.time().toString());
        out.write(',');
        field(out, r.event().eventName());
        out.write(',');
        field(out, r.text());
        out.write(',');
        field(out, r.subject());
        out.write(',');
        field(out, r.severity().label());
        out.write("\r\n");
    }

    static void field(Writer out, String value) throws IOException {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
