package dev.palisade.system.mode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The mode state in the data directory ({@code mode.properties}): the emergency reasons and the
 * sticky developer and non-immune flags. Written atomically (temporary file beside it, fsync,
 * atomic rename, fsync of the directory), so a crash leaves the old or the new state, never a mix.
 *
 * <pre>
 * developer=false
 * non-immune=false
 * emergency.0.cause=SELF_TEST_FAILED
 * emergency.0.description=traffic blocking: ...
 * emergency.0.since=2026-11-25T21:00:00Z
 * </pre>
 */
final class ModeFile {

    static final String NAME = "mode.properties";

    private final Path file;

    ModeFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /** The stored mode, {@link OperatingMode#NORMAL} when there is no file; throws when it is unreadable or malformed. */
    OperatingMode read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return OperatingMode.NORMAL;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8", e);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IllegalArgumentException e) {
            // A malformed unicode escape.
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        List<EmergencyReason> reasons = new ArrayList<>();
        for (int i = 0; p.containsKey("emergency." + i + ".cause"); i++) {
            try {
                reasons.add(new EmergencyReason(EmergencyCause.valueOf(p.getProperty("emergency." + i + ".cause")),
                        require(p, "emergency." + i + ".description"), Instant.parse(require(p, "emergency." + i + ".since"))));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IOException(file + ": bad emergency entry " + i + ": " + e.getMessage(), e);
            }
        }
        return new OperatingMode(reasons, flag(p, "developer"), flag(p, "non-immune"));
    }

    void write(OperatingMode mode) throws IOException {
        Properties p = new Properties();
        p.setProperty("developer", Boolean.toString(mode.developer()));
        p.setProperty("non-immune", Boolean.toString(mode.nonImmune()));
        for (int i = 0; i < mode.emergency().size(); i++) {
            EmergencyReason r = mode.emergency().get(i);
            p.setProperty("emergency." + i + ".cause", r.cause().name());
            p.setProperty("emergency." + i + ".description", r.description());
            p.setProperty("emergency." + i + ".since", r.since().toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "palisade operating mode: written by the service, do not edit");
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, NAME, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(out.toByteArray()));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically", e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    private static boolean flag(Properties p, String key) throws IOException {
        String v = p.getProperty(key, "false");
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IOException("bad value for " + key + ": '" + v + "'");
        };
    }
}
