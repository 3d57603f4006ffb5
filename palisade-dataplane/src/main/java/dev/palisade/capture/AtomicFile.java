package dev.palisade.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file written under a temporary name in the target's directory and renamed over the target
 * only when complete, so readers of the target see the old file or the whole new one, never a
 * prefix. The temporary file is hidden ({@code .name.*.tmp}); a process killed mid-write leaves
 * it behind rather than a truncated target.
 */
final class AtomicFile {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean finished;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    static AtomicFile create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        // Same directory, hence the same file system, so the final rename can be atomic.
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            return new AtomicFile(absolute, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Unbuffered; the writers buffer whole blocks themselves. */
    OutputStream stream() {
        return Channels.newOutputStream(channel);
    }

    Path temp() {
        return temp;
    }

    /** Forces the data to disk, then renames the temporary file over the target. */
    void commit() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(e);
            throw e;
        }
    }

    /** Drops the temporary file; the target is left as it was. */
    void discard() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void deleteQuietly(Exception cause) {
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
