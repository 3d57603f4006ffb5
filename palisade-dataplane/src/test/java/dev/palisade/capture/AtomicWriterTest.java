package dev.palisade.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File writers publish the whole capture or nothing, and never leave their temporary file. */
class AtomicWriterTest {
    @TempDir Path dir;

    private long filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    @Test
    void targetAppearsOnlyOnCloseAndNoTemporaryRemains() throws IOException {
        Path target = dir.resolve("out.pcapng");
        try (PcapngWriter writer = PcapngWriter.create(target)) {
            writer.addInterface("lan", LinkType.ETHERNET);
            writer.write(0, 1, new byte[100_000], 0, 100_000); // larger than the buffer: reaches the disk
            assertThat(target).doesNotExist();
        }

        assertThat(target).exists();
        assertThat(filesIn(dir)).isEqualTo(1);
        try (CaptureReader reader = CaptureReader.open(target)) {
            assertThat(reader.next(new CapturedFrame())).isTrue();
        }
    }

    @Test
    void existingTargetIsReplacedOnlyOnClose() throws IOException {
        Path target = dir.resolve("out.pcap");
        Files.writeString(target, "old contents");
        PcapWriter writer = PcapWriter.create(target, LinkType.ETHERNET);
        writer.write(1, new byte[10], 0, 10);
        assertThat(target).hasContent("old contents");

        writer.close();

        assertThat(Files.size(target)).isEqualTo(24 + 16 + 10);
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void abortAfterCallerFailureLeavesNoFile() throws IOException {
        Path target = dir.resolve("out.pcapng");
        assertThatThrownBy(() -> {
            // The documented pattern. The abort must be inside the try: try-with-resources closes the
            // writer, publishing the file, before any catch clause of the same statement runs.
            try (PcapngWriter writer = PcapngWriter.create(target)) {
                try {
                    writer.addInterface("lan", LinkType.ETHERNET);
                    writer.write(0, 1, new byte[10], 0, 10);
                    throw new IllegalStateException("engine failed mid-replay");
                } catch (RuntimeException e) {
                    writer.abort();
                    throw e;
                }
            }
        }).hasMessage("engine failed mid-replay");

        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void closeInTryWithResourcesPublishesEvenWhenTheBodyThrows() throws IOException {
        // Pins down the limit of the contract: close() cannot see the caller's exception.
        Path target = dir.resolve("out.pcapng");
        assertThatThrownBy(() -> {
            try (PcapngWriter writer = PcapngWriter.create(target)) {
                writer.addInterface("lan", LinkType.ETHERNET);
                throw new IllegalStateException("caller failure");
            }
        }).hasMessage("caller failure");

        assertThat(target).exists();
    }

    @Test
    void abortKeepsAnExistingTarget() throws IOException {
        Path target = dir.resolve("out.pcap");
        Files.writeString(target, "previous run");
        PcapWriter writer = PcapWriter.create(target, LinkType.ETHERNET);
        writer.write(1, new byte[10], 0, 10);
        writer.abort();
        writer.close();

        assertThat(target).hasContent("previous run");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    /** Passes {@code budget} bytes through, then fails like a full disk. */
    private static final class FailingStream extends FilterOutputStream {
        private long budget;

        FailingStream(OutputStream out, long budget) {
            super(out);
            this.budget = budget;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > budget) {
                throw new IOException("No space left on device");
            }
            budget -= len;
            out.write(b, off, len);
        }
    }

    @Test
    void failedWriteDiscardsTheOutputOnClose() throws IOException {
        Path target = dir.resolve("out.pcapng");
        AtomicFile atomic = AtomicFile.create(target);
        PcapngWriter writer = new PcapngWriter(new CaptureOutput(new FailingStream(atomic.stream(), 1_000), atomic));
        writer.addInterface("lan", LinkType.ETHERNET);
        assertThat(atomic.temp()).exists();

        assertThatThrownBy(() -> writer.write(0, 1, new byte[200_000], 0, 200_000))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");
        // The caller carries on to close, as try-with-resources would.
        assertThatThrownBy(writer::close).isInstanceOf(IOException.class).hasMessageContaining("output discarded");

        assertThat(target).doesNotExist();
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void failedFlushOnCloseDiscardsTheOutput() throws IOException {
        Path target = dir.resolve("out.pcap");
        AtomicFile atomic = AtomicFile.create(target);
        PcapWriter writer = new PcapWriter(new CaptureOutput(new FailingStream(atomic.stream(), 10), atomic),
                LinkType.ETHERNET);
        writer.write(1, new byte[60], 0, 60); // stays in the buffer

        assertThatThrownBy(writer::close).isInstanceOf(IOException.class).hasMessage("No space left on device");

        assertThat(filesIn(dir)).isZero();
    }
}
