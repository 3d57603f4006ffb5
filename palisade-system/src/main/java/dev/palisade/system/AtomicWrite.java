package dev.palisade.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file with new content so that a reader (or a crash) sees either the old file or the
 * whole new one: the bytes go to a hidden temporary file in the same directory (hence the same file
 * system), are forced to disk, renamed over the target atomically, and the directory is forced so
 * the rename itself survives a power loss.
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    /** Writes {@code bytes} to {@code target}, mode 0644. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        // createTempFile makes the file owner-only; a non-secret file gets the usual 0644.
        replace(target, bytes, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Like {@link #replace(Path, byte[])} but the file is created readable and writable by its owner only. */
    public static void replaceOwnerOnly(Path target, byte[] bytes) throws IOException {
        replace(target, bytes, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    private static void replace(Path target, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            // Set before any byte is written, so a secret is never readable by others.
            Files.setPosixFilePermissions(temp, permissions);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        forceDirectory(directory);
    }

    /** Forces a directory's entries (creations, renames) to disk; Linux allows fsync on a directory. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
