package dev.palisade.capture;

import static dev.palisade.capture.Captures.bytes;
import static dev.palisade.capture.Captures.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.Captures.Frame;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Well-formed pcapng files written out byte by byte, each field commented. */
class PcapngVectorsTest {

    @Test
    void readsBigEndianSection() throws IOException {
        byte[] file = ByteVector.bigEndian()
                // Section Header Block
                .raw(0x0A, 0x0D, 0x0D, 0x0A) // block type (a palindrome)
                .raw(0x00, 0x00, 0x00, 0x1C) // block total length 28, big-endian
                .raw(0x1A, 0x2B, 0x3C, 0x4D) // byte-order magic as written big-endian
                .raw(0x00, 0x01, 0x00, 0x00) // major 1, minor 0
                .raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF) // section length -1
                .raw(0x00, 0x00, 0x00, 0x1C) // trailing block total length
                // Interface Description Block
                .raw(0x00, 0x00, 0x00, 0x01) // block type 1
                .raw(0x00, 0x00, 0x00, 0x20) // block total length 32
                .raw(0x00, 0x01) //             link type 1, Ethernet
                .raw(0x00, 0x00) //             reserved
                .raw(0x00, 0x00, 0xFF, 0xFF) // snap length 65535
                .raw(0x00, 0x02, 0x00, 0x03) // option if_name, length 3
                .raw('l', 'a', 'n', 0x00) //    "lan" and one byte of padding
                .raw(0x00, 0x00, 0x00, 0x00) // opt_endofopt
                .raw(0x00, 0x00, 0x00, 0x20) // trailing block total length
                // Enhanced Packet Block
                .raw(0x00, 0x00, 0x00, 0x06) // block type 6
                .raw(0x00, 0x00, 0x00, 0x28) // block total length 40
                .raw(0x00, 0x00, 0x00, 0x00) // interface id 0
                .raw(0x00, 0x06, 0x0A, 0x24) // timestamp high: 0x00060A24
                .raw(0x18, 0x1E, 0x40, 0x00) // timestamp low; together 1_700_000_000_000_000 us (no if_tsresol)
                .raw(0x00, 0x00, 0x00, 0x05) // captured length 5
                .raw(0x00, 0x00, 0x00, 0x3C) // original length 60
                .raw(0xDE, 0xAD, 0xBE, 0xEF, 0x01) // packet data
                .raw(0x00, 0x00, 0x00) //       padding to 4
                .raw(0x00, 0x00, 0x00, 0x28) // trailing block total length
                .toByteArray();

        try (CaptureReader reader = Captures.open(file)) {
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAPNG);
            assertThat(reader.interfaces()).containsExactly(new CaptureInterface(0, "lan", LinkType.ETHERNET, 65535));
            CapturedFrame frame = new CapturedFrame();
            assertThat(reader.next(frame)).isTrue();
            assertThat(frame.captureInterface().name()).isEqualTo("lan");
            assertThat(frame.timestampNanos()).isEqualTo(1_700_000_000_000_000_000L);
            assertThat(frame.length()).isEqualTo(5);
            assertThat(frame.originalLength()).isEqualTo(60);
            assertThat(java.util.Arrays.copyOf(frame.buffer(), 5)).containsExactly(bytes(0xDE, 0xAD, 0xBE, 0xEF, 0x01));
            assertThat(reader.next(frame)).isFalse();
            assertThat(reader.next(frame)).as("end of input is sticky").isFalse();
        }
    }

    static Stream<Arguments> timestampResolutions() {
        return Stream.of(
                // if_tsresol byte (null: option absent), if_tsoffset (null: absent), ticks, expected nanoseconds
                Arguments.of(null, null, 1_700_000_000_123_456L, 1_700_000_000_123_456_000L), // default: microseconds
                Arguments.of(6, null, 1_700_000_000_123_456L, 1_700_000_000_123_456_000L), // 10^-6 explicitly
                Arguments.of(9, null, 1_700_000_000_123_456_789L, 1_700_000_000_123_456_789L), // 10^-9
                Arguments.of(3, null, 1_700_000_000_123L, 1_700_000_000_123_000_000L), // 10^-3
                Arguments.of(0, null, 1_700_000_000L, 1_700_000_000_000_000_000L), // whole seconds
                Arguments.of(12, null, 5_000_000_000_123_999L, 5_000_000_000_123L), // 10^-12, truncated to ns
                Arguments.of(30, null, -1L, 0L), // 10^-30: any 64-bit count is under a nanosecond
                Arguments.of(0x80 | 10, null, (1_700_000_000L << 10) | 512, 1_700_000_000_500_000_000L), // 2^-10
                Arguments.of(0x80 | 32, null, (1_700_000_000L << 32) | (1L << 30), 1_700_000_000_250_000_000L), // 2^-32
                Arguments.of(0x80, null, 1_700_000_000L, 1_700_000_000_000_000_000L), // 2^0
                Arguments.of(0x80 | 64, null, 1L << 63, 500_000_000L), // 2^-64: 2^63 units is half a second
                Arguments.of(0x80 | 100, null, -1L, 0L), // 2^-100: under a nanosecond
                Arguments.of(null, 1_700_000_000L, 123_456L, 1_700_000_000_123_456_000L), // if_tsoffset in seconds
                Arguments.of(9, -1L, 2_000_000_000L, 1_000_000_000L)); // negative offset
    }

    @ParameterizedTest(name = "tsresol={0} tsoffset={1}")
    @MethodSource("timestampResolutions")
    void appliesTimestampResolutionAndOffset(Integer tsresol, Long tsoffset, long ticks, long expectedNanos)
            throws IOException {
        byte[] file = sectionWithClock(tsresol, tsoffset).enhancedPacket(0, ticks, bytes(1, 2, 3, 4)).toByteArray();

        assertThat(readAll(file)).singleElement().extracting(Frame::timestampNanos).isEqualTo(expectedNanos);
    }

    /** A little-endian SHB and an IDB "eth0" whose options are only the given clock fields. */
    static ByteVector sectionWithClock(Integer tsresol, Long tsoffset) {
        int options = (tsresol == null ? 0 : 8) + (tsoffset == null ? 0 : 12) + 4;
        int total = 20 + options;
        ByteVector v = ByteVector.littleEndian().sectionHeader()
                .u32(1) //                  block type: IDB
                .u32(total) //              block total length
                .u16(LinkType.ETHERNET) //  link type
                .u16(0) //                  reserved
                .u32(0); //                 snap length: none
        if (tsresol != null) {
            v.u16(9).u16(1) //            if_tsresol, length 1
                    .u8(tsresol).zeros(3); // value and padding
        }
        if (tsoffset != null) {
            v.u16(14).u16(8) //           if_tsoffset, length 8
                    .u64(tsoffset); //        seconds, signed
        }
        return v.u16(0).u16(0) //       opt_endofopt
                .u32(total); //             trailing block total length
    }

    @Test
    void readsSimplePacketBlocksWithInterfaceZeroAndNoTimestamp() throws IOException {
        byte[] file = ByteVector.littleEndian().sectionHeader()
                // IDB with a snap length, which caps the implied captured length of an SPB
                .u32(1).u32(20) //           type IDB, total length 20
                .u16(LinkType.RAW).u16(0) // link type RAW, reserved
                .u32(8) //                   snap length 8
                .u32(20) //                  trailing length
                // SPB shorter than the snap length
                .u32(3).u32(24) //           type SPB, total length 24
                .u32(5) //                   original length 5
                .raw(0x45, 0, 0, 5, 9).zeros(3) // data and padding
                .u32(24) //                  trailing length
                // SPB longer than the snap length: 8 of 12 bytes captured
                .u32(3).u32(24) //           type SPB, total length 24
                .u32(12) //                  original length 12
                .raw(1, 2, 3, 4, 5, 6, 7, 8) // the captured 8 bytes
                .u32(24) //                  trailing length
                .toByteArray();

        assertThat(readAll(file)).containsExactly(
                new Frame(0, null, 0, bytes(0x45, 0, 0, 5, 9), 5),
                new Frame(0, null, 0, bytes(1, 2, 3, 4, 5, 6, 7, 8), 12));
    }

    @Test
    void readsObsoletePacketBlock() throws IOException {
        byte[] file = ByteVector.littleEndian().sectionHeader()
                .interfaceDescription(LinkType.ETHERNET, "wan")
                .u32(2).u32(36) //  type 2 (Packet Block, obsolete), total length 36
                .u16(0) //          interface id, 16 bits in this block
                .u16(7) //          drops count, ignored
                .u32(0).u32(42) //  timestamp high, low: 42 us
                .u32(3).u32(3) //   captured and original length
                .raw(9, 8, 7, 0) // data and padding
                .u32(36) //         trailing length
                .toByteArray();

        assertThat(readAll(file)).containsExactly(new Frame(0, "wan", 42_000, bytes(9, 8, 7), 3));
    }

    @Test
    void skipsBlocksItDoesNotUse() throws IOException {
        byte[] file = ByteVector.littleEndian().sectionHeader()
                .interfaceDescription(LinkType.ETHERNET, "lan")
                // Name Resolution Block with one IPv4 record
                .u32(4).u32(28) //                        type NRB, total length 28
                .u16(1).u16(8).raw(10, 0, 0, 1).ascii("gw\0\0") // nrb_record_ipv4, length 8
                .u16(0).u16(0) //                         nrb_record_end
                .u32(28) //                               trailing length
                // Custom Block (copiable) with a Private Enterprise Number and 4 bytes of data
                .u32(0x00000BAD).u32(20) //               type, total length 20
                .u32(32473) //                            PEN (the documentation example number)
                .raw(1, 2, 3, 4) //                       custom data
                .u32(20) //                               trailing length
                .enhancedPacket(0, 1, bytes(0xAA))
                // Interface Statistics Block without options
                .u32(5).u32(24) //                        type ISB, total length 24
                .u32(0) //                                interface id
                .u32(0).u32(2) //                         timestamp
                .u32(24) //                               trailing length
                // A block type from the future: skipped like the others
                .u32(0x12345678).u32(12).u32(12) //       type, total length 12, trailing length
                .enhancedPacket(0, 2, bytes(0xBB))
                .toByteArray();

        assertThat(readAll(file)).containsExactly(
                new Frame(0, "lan", 1_000, bytes(0xAA), 1),
                new Frame(0, "lan", 2_000, bytes(0xBB), 1));
    }

    @Test
    void newSectionResetsInterfacesAndByteOrder() throws IOException {
        ByteVector v = ByteVector.littleEndian().sectionHeader()
                .interfaceDescription(LinkType.ETHERNET, "lan") // id 0 in section 1
                .interfaceDescription(LinkType.ETHERNET, "wan") // id 1 in section 1
                .enhancedPacket(1, 10, bytes(1));
        v.order(true).sectionHeader() //                     section 2, big-endian
                .interfaceDescription(LinkType.RAW, "host") //   id 0 in section 2
                .enhancedPacket(0, 20, bytes(2));
        byte[] file = v.toByteArray();

        try (CaptureReader reader = Captures.open(file)) {
            assertThat(reader.interfaces()).extracting(CaptureInterface::name).containsExactly("lan", "wan");
            CapturedFrame frame = new CapturedFrame();
            assertThat(reader.next(frame)).isTrue();
            assertThat(frame.captureInterface().name()).isEqualTo("wan");
            assertThat(reader.next(frame)).isTrue();
            assertThat(frame.interfaceId()).isZero();
            assertThat(frame.captureInterface()).isEqualTo(new CaptureInterface(0, "host", LinkType.RAW, 0));
            assertThat(frame.timestampNanos()).isEqualTo(20_000);
            assertThat(reader.interfaces()).extracting(CaptureInterface::name).containsExactly("host");
        }
    }

    @Test
    void interfacesDescribedAfterPacketsAreAdded() throws IOException {
        byte[] file = ByteVector.littleEndian().sectionHeader()
                .interfaceDescription(LinkType.ETHERNET, "lan")
                .enhancedPacket(0, 1, bytes(1))
                .interfaceDescription(LinkType.ETHERNET, "wan")
                .enhancedPacket(1, 2, bytes(2))
                .toByteArray();

        try (CaptureReader reader = Captures.open(file)) {
            assertThat(reader.interfaces()).extracting(CaptureInterface::name).containsExactly("lan");
            CapturedFrame frame = new CapturedFrame();
            reader.next(frame);
            reader.next(frame);
            assertThat(frame.captureInterface().name()).isEqualTo("wan");
            assertThat(reader.interfaces()).extracting(CaptureInterface::name).containsExactly("lan", "wan");
        }
    }

    @Test
    void ignoresTrailingNulInNameAndUnknownOptions() throws IOException {
        byte[] file = ByteVector.littleEndian().sectionHeader()
                .u32(1).u32(48) //                  type IDB, total length 48
                .u16(LinkType.ETHERNET).u16(0).u32(0)
                .u16(3).u16(4).ascii("desc") //     if_description, not used
                .u16(2).u16(4).ascii("lan\0") //    if_name as a C string
                .u16(0xABCD).u16(2).raw(1, 2, 0, 0) // an option code the reader does not know
                .u16(0).u16(0) //                   opt_endofopt
                .u32(48)
                .toByteArray();

        try (CaptureReader reader = Captures.open(file)) {
            assertThat(reader.interfaces()).extracting(CaptureInterface::name).containsExactly("lan");
        }
    }

    @Test
    void readerReassemblesFieldsSplitAcrossTinyReads() throws IOException {
        byte[] file = ByteVector.littleEndian().sectionHeader()
                .interfaceDescription(LinkType.ETHERNET, "lan")
                .enhancedPacket(0, 5, new byte[1500])
                .enhancedPacket(0, 6, bytes(7, 7, 7))
                .toByteArray();
        // A stream that hands out one byte per read, like a slow pipe.
        java.io.InputStream trickle = new java.io.ByteArrayInputStream(file) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        try (CaptureReader reader = CaptureReader.open(trickle, "trickle")) {
            List<Frame> frames = Captures.readAll(reader);
            assertThat(frames).hasSize(2);
            assertThat(frames.get(1)).isEqualTo(new Frame(0, "lan", 6_000, bytes(7, 7, 7), 3));
        }
    }
}
