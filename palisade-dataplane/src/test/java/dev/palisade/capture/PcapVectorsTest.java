package dev.palisade.capture;

import static dev.palisade.capture.Captures.bytes;
import static dev.palisade.capture.Captures.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.Captures.Frame;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Well-formed classic pcap files written out byte by byte, each field commented. */
class PcapVectorsTest {

    @Test
    void readsBigEndianMicrosecondFile() throws IOException {
        byte[] file = ByteVector.bigEndian()
                .raw(0xA1, 0xB2, 0xC3, 0xD4) // magic: microseconds, written big-endian
                .raw(0x00, 0x02, 0x00, 0x04) // version 2.4
                .raw(0, 0, 0, 0) //            thiszone
                .raw(0, 0, 0, 0) //            sigfigs
                .raw(0x00, 0x00, 0x00, 0x40) // snap length 64
                .raw(0x10, 0x00, 0x00, 0x01) // link type 1 (Ethernet), FCS info in the upper bits
                // record
                .raw(0x65, 0x53, 0xF1, 0x00) // seconds 1_700_000_000
                .raw(0x00, 0x01, 0xE2, 0x40) // microseconds 123_456
                .raw(0x00, 0x00, 0x00, 0x03) // captured length 3
                .raw(0x00, 0x00, 0x05, 0xDC) // original length 1500
                .raw(0x01, 0x02, 0x03) //       data
                .toByteArray();

        try (CaptureReader reader = Captures.open(file)) {
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAP);
            assertThat(reader.interfaces()).containsExactly(new CaptureInterface(0, null, LinkType.ETHERNET, 64));
            assertThat(Captures.readAll(reader))
                    .containsExactly(new Frame(0, null, 1_700_000_000_123_456_000L, bytes(1, 2, 3), 1500));
        }
    }

    @Test
    void readsLittleEndianNanosecondFile() throws IOException {
        byte[] file = ByteVector.littleEndian()
                .raw(0x4D, 0x3C, 0xB2, 0xA1) // magic: nanoseconds, written little-endian
                .u16(2).u16(4) //               version 2.4
                .u32(0).u32(0) //               thiszone, sigfigs
                .u32(0) //                      snap length 0: no limit declared
                .u32(LinkType.RAW) //           link type
                // record 1
                .u32(1_700_000_000L) //         seconds
                .u32(999_999_999) //            nanoseconds
                .u32(2).u32(2) //               captured and original length
                .raw(0x45, 0x00) //             data
                // record 2, empty
                .u32(0).u32(1) //               1 ns after the epoch
                .u32(0).u32(0) //               captured and original length 0
                .toByteArray();

        assertThat(readAll(file)).containsExactly(
                new Frame(0, null, 1_700_000_000_999_999_999L, bytes(0x45, 0), 2),
                new Frame(0, null, 1, bytes(), 0));
    }
}
