package dev.palisade.management.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Writing and erasing files that hold secrets or state the service depends on. A write goes to a
 * temporary file in the same directory created owner-only (0600) from the start, is forced to disk
 * and renamed over the target, so a crash leaves the old or the new content, never a mix, and no
 * other local user can read a key even for a moment. Erasing overwrites the content twice (random
 * bytes, then zeros), forcing each pass to disk, before deleting: on a flash or copy-on-write file
 * system this is a best effort, which is why keys are also never written anywhere else.
 */
public final class SecureFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RETIRED = ".retired";

    private SecureFiles() {
    }

    /** Creates {@code directory} (and parents) if absent, owner-only (0700) when created here. */
    public static Path createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Files.createDirectories(directory.toAbsolutePath().getParent());
        try {
            if (POSIX) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Created concurrently: fine.
        }
        return directory;
    }

    /** Replaces {@code file} atomically with {@code content}, readable and writable by the owner only. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temp = POSIX
                ? Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(directory);
    }

    /**
     * Replaces {@code file} atomically and then erases the old content: the old file is first
     * hard-linked to {@code <name>.retired}, the new content renamed into place, and the retired
     * link overwritten twice and deleted (overwriting through the link wipes the old data itself).
     * A crash in between leaves a {@code .retired} file that {@link #eraseRetired} removes at start.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path retired = file.resolveSibling(file.getFileName() + RETIRED);
        boolean hadOld = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        if (hadOld) {
            erase(retired);
            Files.createLink(retired, file);
        }
        writeAtomically(file, content);
        if (hadOld) {
            erase(retired);
        }
    }

    /** Erases the {@code .retired} files an interrupted {@link #replace} left in {@code directory}. */
    public static void eraseRetired(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(RETIRED)) {
                    erase(f);
                }
            }
        }
    }

    /**
     * Overwrites {@code file} twice and deletes it; does nothing when it does not exist. A symbolic
     * link is deleted without touching what it points to.
     */
    public static void erase(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            long size = Files.size(file);
            overwrite(file, size, true);
            overwrite(file, size, false);
        }
        Files.delete(file);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    private static void overwrite(Path file, long size, boolean random) throws IOException {
        byte[] block = new byte[8192];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long written = 0;
            while (written < size) {
                int n = (int) Math.min(block.length, size - written);
                if (random) {
                    RANDOM.nextBytes(block);
                }
                ByteBuffer buffer = ByteBuffer.wrap(block, 0, n);
                while (buffer.hasRemaining()) {
                    written += channel.write(buffer, written);
                }
            }
            channel.force(true);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported on every platform: the rename is still atomic, only its durability waits.
        }
    }
}
