package dev.palisade.system.integrity;

import dev.palisade.system.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The manual integrity check report in the spec's format. The header gives the host id, the report
 * time, the checksum function and the checksum of the report body (SHA-256 of every byte after the
 * separator line), so a downloaded report can be checked for alteration; the body has one
 * {@code path|time|function|reference|calculated|status} line per file:
 *
 * <pre>
 * Host ID: 4f1c...
 * Report date and time: 2026-11-25T20:50:01Z
 * Checksum function: SHA-256
 * Report checksum: 9e0d...
 * ----------------------------------------
 * /opt/palisade/palisade|2026-11-25T20:50:01Z|SHA-256|ab12...|ab12...|File integrity verified successfully
 * </pre>
 */
public final class IntegrityReport {
    /** The line between header and body. */
    public static final String SEPARATOR = "-".repeat(40);

    private IntegrityReport() {
    }

    /** Renders the report (UTF-8, '\n' line ends). */
    public static byte[] render(IntegrityResult result, String hostId, Instant time) {
        StringBuilder body = new StringBuilder(result.files().size() * 220);
        for (FileCheck f : result.files()) {
            body.append(f.path()).append('|').append(f.checkedAt()).append('|').append(Digests.FUNCTION).append('|')
                    .append(f.reference()).append('|').append(f.calculated()).append('|').append(f.status().text())
                    .append('\n');
        }
        byte[] bodyBytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String header = "Host ID: " + hostId + "\n"
                + "Report date and time: " + time.truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "Checksum function: " + Digests.FUNCTION + "\n"
                + "Report checksum: " + Digests.of(bodyBytes) + "\n"
                + SEPARATOR + "\n";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headerBytes.length + bodyBytes.length];
        System.arraycopy(headerBytes, 0, all, 0, headerBytes.length);
        System.arraycopy(bodyBytes, 0, all, headerBytes.length, bodyBytes.length);
        return all;
    }

    /** Renders the report and writes it atomically to {@code out}. */
    public static void write(Path out, IntegrityResult result, String hostId, Instant time) throws IOException {
        AtomicWrite.replace(out, render(result, hostId, time));
    }
}
