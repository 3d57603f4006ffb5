package dev.palisade.system.backup;

import dev.palisade.system.AtomicWrite;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies opened {@link BackupContents} to a data directory so that a crash at any point leaves the
 * old state or the new one, never a mix, once {@link #recover} has run (the service calls it at start,
 * before it reads the data directory; {@link #apply} calls it first too).
 *
 * <p>Protocol, all inside {@code <data>/.restore} (same file system, so renames are atomic):
 * <ol>
 *   <li>stage: every entry is written to {@code new/<name>} and forced to disk;</li>
 *   <li>commit: {@code JOURNAL}, listing the entries, is written atomically. Before this point a
 *       crash rolls back (the scratch directory is deleted); from this point it rolls forward;</li>
 *   <li>swap, per entry: the current file is renamed to {@code old/<name>} (kept until the end), then
 *       {@code new/<name>} is renamed over the target; both idempotent when replayed;</li>
 *   <li>done: the journal is deleted, then the scratch directory.</li>
 * </ol>
 * Files of the data directory that the backup does not list are left as they are.
 */
public final class RestoreTransaction {
    static final String JOURNAL = "JOURNAL";
    private static final String JOURNAL_HEADER = "palisade-restore-journal 1";

    /** What {@link #recover} found. */
    public enum Recovery {
        /** No interrupted restore (at most the empty scratch directory of a finished one, now removed). */
        NONE,
        /** A restore stopped before its commit point; the old state is kept. */
        ROLLED_BACK,
        /** A restore stopped after its commit point; it was completed. */
        ROLLED_FORWARD
    }

    /** Points of the protocol where tests inject a crash (package-private seam). */
    interface Steps {
        Steps NONE = step -> { };

        void reached(String step) throws IOException;
    }

    private RestoreTransaction() {
    }

    /** Replaces the files of {@code contents} in {@code dataDir}, crash-safely. */
    public static void apply(Path dataDir, BackupContents contents) throws IOException {
        apply(dataDir, contents, Steps.NONE);
    }

    static void apply(Path dataDir, BackupContents contents, Steps steps) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(data);
        recover(data);
        Path scratch = data.resolve(BackupFormat.RESTORE_DIR);
        try {
            for (BackupEntry e : contents.entries()) {
                if (Files.isDirectory(data.resolve(e.name()))) {
                    throw new IOException("cannot restore " + e.name() + ": a directory of that name exists in " + data);
                }
                Path staged = scratch.resolve("new").resolve(e.name());
                Files.createDirectories(staged.getParent());
                try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(e.dataUnsafe());
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                AtomicWrite.forceDirectory(staged.getParent());
                steps.reached("staged:" + e.name());
            }
            StringBuilder journal = new StringBuilder(JOURNAL_HEADER).append('\n');
            for (BackupEntry e : contents.entries()) {
                journal.append(e.name()).append('\n');
            }
            AtomicWrite.replace(scratch.resolve(JOURNAL), journal.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // Before the commit point: the data directory is untouched; drop the scratch copy.
            try {
                deleteTree(scratch);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        steps.reached("committed");
        rollForward(data, scratch, steps);
    }

    /**
     * Finishes or undoes an interrupted restore in {@code dataDir}. Idempotent; safe to call when no
     * restore ever ran.
     */
    public static Recovery recover(Path dataDir) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        Path scratch = data.resolve(BackupFormat.RESTORE_DIR);
        if (!Files.exists(scratch)) {
            return Recovery.NONE;
        }
        if (!Files.exists(scratch.resolve(JOURNAL))) {
            boolean staged = Files.exists(scratch.resolve("new"));
            deleteTree(scratch);
            return staged ? Recovery.ROLLED_BACK : Recovery.NONE;
        }
        rollForward(data, scratch, Steps.NONE);
        return Recovery.ROLLED_FORWARD;
    }

    private static void rollForward(Path data, Path scratch, Steps steps) throws IOException {
        List<String> names = journal(scratch.resolve(JOURNAL));
        for (String name : names) {
            Path staged = scratch.resolve("new").resolve(name);
            if (!Files.exists(staged)) {
                continue; // swapped before the interruption
            }
            Path target = data.resolve(name);
            Path old = scratch.resolve("old").resolve(name);
            createDurably(data, target.getParent());
            if (Files.exists(target) && !Files.exists(old)) {
                Files.createDirectories(old.getParent());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                steps.reached("moved-old:" + name);
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicWrite.forceDirectory(target.getParent());
            steps.reached("swapped:" + name);
        }
        // The journal goes last but one, so an interruption of this cleanup replays harmlessly, and a
        // scratch directory without journal and without new/ means "nothing to undo".
        deleteTree(scratch.resolve("new"));
        deleteTree(scratch.resolve("old"));
        steps.reached("cleaned");
        Files.delete(scratch.resolve(JOURNAL));
        AtomicWrite.forceDirectory(scratch);
        steps.reached("journal-deleted");
        deleteTree(scratch);
    }

    /** Creates {@code dir} (under {@code data}) and forces each new entry's parent, so the new path survives a power loss. */
    private static void createDurably(Path data, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDurably(data, dir.getParent());
        Files.createDirectory(dir);
        AtomicWrite.forceDirectory(dir.getParent());
    }

    private static List<String> journal(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(JOURNAL_HEADER)) {
            throw new IOException("restore journal " + file + " is not a Palisade restore journal; inspect it by hand");
        }
        List<String> names = new ArrayList<>(lines.subList(1, lines.size()));
        for (String name : names) {
            String problem = BackupFormat.nameProblem(name);
            if (problem != null) {
                throw new IOException("restore journal " + file + " lists an unsafe name (" + problem + ")");
            }
        }
        return names;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // already deleted by an earlier, interrupted cleanup
                }
            }
        }
    }
}
