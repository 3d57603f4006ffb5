package dev.palisade.notify.queue;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link DiskQueueCrashTest}: appends numbered records forever and prints
 * "ok N" after each append returned, until it is killed.
 */
public final class QueueWriterMain {

    private QueueWriterMain() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        QueueBounds bounds = new QueueBounds(10_000_000, 1L << 40, 4096, 64 * 1024);
        try (DiskQueue q = DiskQueue.open(Path.of(args[0]), bounds)) {
            for (int i = 0; ; i++) {
                if (!q.offer(DiskQueueCrashTest.payload(i))) {
                    throw new IllegalStateException("refused " + i);
                }
                out.println("ok " + i);
            }
        }
    }
}
