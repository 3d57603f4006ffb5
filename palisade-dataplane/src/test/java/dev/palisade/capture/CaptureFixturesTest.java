package dev.palisade.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.Captures.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Captures made by real tools (scripts/fixtures/make-capture-fixtures.sh: dumpcap and tcpdump on
 * a namespace gateway with interfaces lan and wan). Expected counts, lengths and first/last
 * timestamps are what tshark reports for the same files ({@code tshark -r FILE | wc -l},
 * {@code -T fields -e frame.len -e frame.time_epoch}), so the reader is checked against an
 * independent implementation. Regenerating the fixtures means updating these numbers.
 */
class CaptureFixturesTest {
    /** One lan conversation: ARP, a TCP exchange on port 502, a UDP echo, UDP to a closed port + ICMP. */
    private static final int[] CONVERSATION_LENGTHS = {42, 42, 74, 74, 66, 89, 66, 66, 89, 66, 66, 66, 51, 51, 59, 87};

    private static CaptureReader openFixture(String name) throws IOException {
        InputStream in = CaptureFixturesTest.class.getResourceAsStream("/captures/" + name);
        assertThat(in).as("fixture %s", name).isNotNull();
        return CaptureReader.open(in, name);
    }

    private static List<Frame> readFixture(String name) throws IOException {
        try (CaptureReader reader = openFixture(name)) {
            return Captures.readAll(reader);
        }
    }

    @Test
    void dumpcapPcapngWithLanAndWan() throws IOException {
        try (CaptureReader reader = openFixture("lan-wan.dumpcap.pcapng")) {
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAPNG);
            assertThat(reader.interfaces()).extracting(CaptureInterface::name).containsExactly("lan", "wan");
            assertThat(reader.interfaces()).extracting(CaptureInterface::linkType)
                    .containsOnly(LinkType.ETHERNET);
            List<Frame> frames = Captures.readAll(reader);

            assertThat(frames).hasSize(32); // tshark -r lan-wan.dumpcap.pcapng | wc -l
            // dumpcap writes each interface's buffered packets in turn: 14 lan, 16 wan, 2 lan.
            assertThat(frames).extracting(Frame::interfaceName).containsExactlyElementsOf(
                    IntStream.range(0, 32).mapToObj(i -> i < 14 || i >= 30 ? "lan" : "wan").toList());
            assertThat(frames).extracting(f -> f.data().length).containsExactly(
                    42, 42, 74, 74, 66, 89, 66, 66, 89, 66, 66, 66, 51, 51, 42, 42,
                    74, 74, 66, 89, 66, 66, 89, 66, 66, 66, 51, 51, 59, 87, 59, 87);
            assertThat(frames).allSatisfy(f -> assertThat(f.originalLength()).isEqualTo(f.data().length));
            // if_tsresol is 9 here, so tshark's epoch times are exact nanoseconds.
            assertThat(frames.getFirst().timestampNanos()).isEqualTo(1_795_628_010_392_914_419L);
            assertThat(frames.getLast().timestampNanos()).isEqualTo(1_795_628_011_405_427_658L);
        }
    }

    @Test
    void tcpdumpMicrosecondPcap() throws IOException {
        List<Frame> frames = readFixture("lan.tcpdump.pcap");

        assertThat(frames).hasSize(16); // tshark -r lan.tcpdump.pcap | wc -l
        assertThat(frames).extracting(f -> f.data().length).containsExactly(toObjects(CONVERSATION_LENGTHS));
        assertThat(frames).extracting(Frame::timestampNanos).allSatisfy(ts -> assertThat(ts % 1_000).isZero());
        assertThat(frames.getFirst().timestampNanos()).isEqualTo(1_795_628_010_392_914_000L);
        assertThat(frames.getLast().timestampNanos()).isEqualTo(1_795_628_011_405_427_000L);
    }

    @Test
    void tcpdumpNanosecondPcap() throws IOException {
        List<Frame> frames = readFixture("wan.tcpdump-nano.pcap");

        assertThat(frames).hasSize(16); // tshark -r wan.tcpdump-nano.pcap | wc -l
        assertThat(frames).extracting(f -> f.data().length).containsExactly(toObjects(CONVERSATION_LENGTHS));
        assertThat(frames.getFirst().timestampNanos()).isEqualTo(1_795_628_010_392_945_525L);
        assertThat(frames.getLast().timestampNanos()).isEqualTo(1_795_628_011_405_424_653L);
    }

    @Test
    void separateCapturesOfOneInterfaceHoldTheSameBytes() throws IOException {
        List<Frame> pcapng = readFixture("lan-wan.dumpcap.pcapng");
        List<Frame> lanPcap = readFixture("lan.tcpdump.pcap");
        List<Frame> wanPcap = readFixture("wan.tcpdump-nano.pcap");

        assertThat(pcapng.stream().filter(f -> f.interfaceName().equals("lan")).map(Frame::data))
                .usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(lanPcap.stream().map(Frame::data).toList());
        assertThat(pcapng.stream().filter(f -> f.interfaceName().equals("wan")).map(Frame::data))
                .usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(wanPcap.stream().map(Frame::data).toList());
    }

    private static Integer[] toObjects(int[] values) {
        return IntStream.of(values).boxed().toArray(Integer[]::new);
    }
}
