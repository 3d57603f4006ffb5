package dev.palisade.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.capture.Captures.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the writers write, the reader reads back exactly. */
class CaptureRoundTripTest {
    /** Lengths around padding boundaries, a full Ethernet frame, and frames beyond the 64 KiB buffers. */
    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 60, 1514, 9000, 65_535, 65_536, 70_001, 262_144};
    private static final long[] TIMESTAMPS = {0, 1, 999_999_999, 1_000_000_000, 1_700_000_000_123_456_789L,
            4_294_967_295_999_999_999L, Long.MAX_VALUE};

    @TempDir Path dir;

    private static byte[] frameBytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    @Test
    void pcapngWithSeveralNamedInterfaces() throws IOException {
        Random random = new Random(42);
        Path file = dir.resolve("out.pcapng");
        List<Frame> written = new ArrayList<>();
        String[] names = {"lan", "wan", "host"};
        try (PcapngWriter writer = PcapngWriter.create(file)) {
            assertThat(writer.addInterface("lan", LinkType.ETHERNET)).isZero();
            assertThat(writer.addInterface("wan", LinkType.ETHERNET)).isEqualTo(1);
            assertThat(writer.addInterface("host", LinkType.RAW)).isEqualTo(2);
            for (int i = 0; i < LENGTHS.length * 3; i++) {
                int iface = i % 3;
                long ts = TIMESTAMPS[i % TIMESTAMPS.length];
                byte[] data = frameBytes(random, LENGTHS[i % LENGTHS.length]);
                // Write from the middle of a larger array to check offset handling.
                byte[] padded = new byte[data.length + 7];
                System.arraycopy(data, 0, padded, 3, data.length);
                writer.write(iface, ts, padded, 3, data.length);
                written.add(new Frame(iface, names[iface], ts, data, data.length));
            }
        }

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAPNG);
            assertThat(reader.interfaces()).containsExactly(
                    new CaptureInterface(0, "lan", LinkType.ETHERNET, 0),
                    new CaptureInterface(1, "wan", LinkType.ETHERNET, 0),
                    new CaptureInterface(2, "host", LinkType.RAW, 0));
            assertThat(Captures.readAll(reader)).containsExactlyElementsOf(written);
        }
    }

    @Test
    void pcapngInterfaceAddedMidStreamAndTruncatedFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter writer = PcapngWriter.create(out)) {
            writer.addInterface(null, LinkType.ETHERNET);
            writer.write(0, 5, new byte[] {1, 2}, 0, 2, 1500);
            int wan = writer.addInterface("wan", LinkType.IPV4);
            writer.write(wan, 6, new byte[] {3}, 0, 1);
        }

        try (CaptureReader reader = Captures.open(out.toByteArray())) {
            assertThat(Captures.readAll(reader)).containsExactly(
                    new Frame(0, null, 5, new byte[] {1, 2}, 1500),
                    new Frame(1, "wan", 6, new byte[] {3}, 1));
        }
    }

    @Test
    void pcapngInterfacesWithoutPacketsAreStillWritten() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter writer = PcapngWriter.create(out)) {
            writer.addInterface("lan", LinkType.ETHERNET);
        }

        try (CaptureReader reader = Captures.open(out.toByteArray())) {
            assertThat(reader.interfaces()).extracting(CaptureInterface::name).containsExactly("lan");
            assertThat(reader.next(new CapturedFrame())).isFalse();
        }
    }

    @ParameterizedTest(name = "nanosecond={0}")
    @ValueSource(booleans = {true, false})
    void pcapBothResolutions(boolean nanosecond) throws IOException {
        Random random = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Frame> expected = new ArrayList<>();
        try (PcapWriter writer = new PcapWriter(new CaptureOutput(out, null), LinkType.ETHERNET, nanosecond)) {
            for (int i = 0; i < LENGTHS.length; i++) {
                long ts = Math.min(TIMESTAMPS[i % TIMESTAMPS.length], 4_294_967_295_999_999_999L);
                byte[] data = frameBytes(random, LENGTHS[i]);
                writer.write(ts, data, 0, data.length);
                long expectedTs = nanosecond ? ts : ts - ts % 1_000; // microseconds truncate
                expected.add(new Frame(0, null, expectedTs, data, data.length));
            }
        }

        try (CaptureReader reader = Captures.open(out.toByteArray())) {
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAP);
            assertThat(reader.interfaces()).containsExactly(
                    new CaptureInterface(0, null, LinkType.ETHERNET, PcapWriter.SNAP_LENGTH));
            assertThat(Captures.readAll(reader)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void pcapFileWriterTruncatesToSnapLength() throws IOException {
        Path file = dir.resolve("big.pcap");
        byte[] jumbo = new byte[PcapWriter.SNAP_LENGTH + 10];
        jumbo[PcapWriter.SNAP_LENGTH - 1] = 9;
        try (PcapWriter writer = PcapWriter.create(file, LinkType.RAW)) {
            writer.write(1_000, jumbo, 0, jumbo.length);
        }

        try (CaptureReader reader = CaptureReader.open(file)) {
            CapturedFrame frame = new CapturedFrame();
            assertThat(reader.next(frame)).isTrue();
            assertThat(frame.length()).isEqualTo(PcapWriter.SNAP_LENGTH);
            assertThat(frame.originalLength()).isEqualTo(jumbo.length);
            assertThat(frame.buffer()[PcapWriter.SNAP_LENGTH - 1]).isEqualTo((byte) 9);
            assertThat(frame.timestampNanos()).isEqualTo(1_000);
        }
    }

    @Test
    void frameBufferIsReusedOnceLargeEnough() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter writer = PcapngWriter.create(out)) {
            writer.addInterface("lan", LinkType.ETHERNET);
            writer.write(0, 1, new byte[9000], 0, 9000);
            writer.write(0, 2, new byte[60], 0, 60);
            writer.write(0, 3, new byte[1514], 0, 1514);
        }

        try (CaptureReader reader = Captures.open(out.toByteArray())) {
            CapturedFrame frame = new CapturedFrame();
            reader.next(frame);
            byte[] grown = frame.buffer();
            assertThat(grown.length).isGreaterThanOrEqualTo(9000);
            reader.next(frame);
            reader.next(frame);
            assertThat(frame.buffer()).isSameAs(grown);
            assertThat(frame.length()).isEqualTo(1514);
        }
    }

    @Test
    void writersRejectMisuse() throws IOException {
        PcapngWriter writer = PcapngWriter.create(new ByteArrayOutputStream());
        writer.addInterface("lan", LinkType.ETHERNET);
        assertThatThrownBy(() -> writer.write(1, 0, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interface 1 was not added");
        assertThatThrownBy(() -> writer.write(0, -1, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.write(0, 0, new byte[1], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> writer.addInterface("x", 70_000)).isInstanceOf(IllegalArgumentException.class);
        writer.close();
        assertThatThrownBy(() -> writer.write(0, 0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);

        PcapWriter pcap = PcapWriter.create(new ByteArrayOutputStream(), LinkType.ETHERNET);
        assertThatThrownBy(() -> pcap.write(4_294_967_296_000_000_000L, new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1970-2106");
        pcap.close();
    }
}
