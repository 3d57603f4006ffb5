package dev.palisade.ips.eve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread writes exactly what was written, in order; flush waits for it; its errors reach the producer. */
class BackgroundOutputStreamTest {

    @TempDir
    Path dir;

    @Test
    void everyByteArrivesInOrderAcrossBufferBoundaries() throws IOException {
        Path file = dir.resolve("out");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random r = new Random(1);
        try (BackgroundOutputStream out = new BackgroundOutputStream(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), 100, 3)) {
            for (int i = 0; i < 5000; i++) {
                if (r.nextInt(10) == 0) {
                    int b = r.nextInt(256);
                    out.write(b);
                    expected.write(b);
                } else {
                    byte[] chunk = new byte[r.nextInt(350)];
                    r.nextBytes(chunk);
                    int off = chunk.length == 0 ? 0 : r.nextInt(chunk.length);
                    out.write(chunk, off, chunk.length - off);
                    expected.write(chunk, off, chunk.length - off);
                }
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void flushReturnsOnceTheBytesAreInTheFile() throws IOException {
        Path file = dir.resolve("out");
        try (BackgroundOutputStream out = new BackgroundOutputStream(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), 64, 2)) {
            for (int round = 1; round <= 20; round++) {
                out.write(new byte[round * 37]);
                out.flush();
                assertThat(Files.size(file)).isEqualTo(37L * round * (round + 1) / 2);
            }
        }
    }

    @Test
    void aWriteErrorOfTheWriterThreadReachesTheProducer() throws IOException {
        Path file = dir.resolve("out");
        FileChannel readOnly = FileChannel.open(Files.createFile(file), StandardOpenOption.READ);
        BackgroundOutputStream out = new BackgroundOutputStream(readOnly, 16, 2);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                out.write(new byte[16]);
            }
            out.flush();
        }).isInstanceOf(IOException.class).hasMessageContaining("writing failed");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class);
        assertThat(readOnly.isOpen()).isFalse();
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        BackgroundOutputStream out = new BackgroundOutputStream(FileChannel.open(dir.resolve("out"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE), 8, 2);
        out.close();
        out.close();
        assertThatThrownBy(() -> out.write(new byte[100])).isInstanceOf(IOException.class);
    }
}
