package dev.palisade.capture;

import static dev.palisade.capture.Captures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each way a capture can be broken, as a byte vector, with the offset and the words the error
 * must report. The offset is that of the header or block at fault.
 */
class MalformedCaptureTest {
    private static final int SHB = 28; // length of ByteVector.sectionHeader()
    private static final int IDB_LAN = 32; // length of interfaceDescription(..., "lan")

    static ByteVector section() {
        return ByteVector.littleEndian().sectionHeader().interfaceDescription(LinkType.ETHERNET, "lan");
    }

    static ByteVector pcapHeader(long snapLength) {
        return ByteVector.littleEndian()
                .u32(0xA1B2C3D4L) // magic, microseconds
                .u16(2).u16(4) //    version
                .u32(0).u32(0) //    thiszone, sigfigs
                .u32(snapLength) //  snap length
                .u32(1); //          Ethernet
    }

    static Stream<Arguments> malformed() {
        byte[] goodSection = section().enhancedPacket(0, 1, bytes(1, 2, 3, 4, 5)).toByteArray();
        return Stream.of(
                // name, input, offset at fault, expected words in the message
                Arguments.of("empty input", bytes(), 0L, "empty input"),
                Arguments.of("too short for magic", bytes(0x0A, 0x0D), 0L, "too short"),
                Arguments.of("bad magic", "GIF89a..".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0L,
                        "unrecognised magic number 0x47494638"),
                Arguments.of("truncated section header", Arrays.copyOf(goodSection, 20), 0L,
                        "truncated section header block"),
                Arguments.of("bad byte-order magic", ByteVector.littleEndian()
                        .u32(0x0A0D0D0A).u32(28) // SHB type, length
                        .u32(0x11223344) //         not 1a2b3c4d in either order
                        .zeros(16).toByteArray(), 0L, "byte-order magic"),
                Arguments.of("unsupported version", ByteVector.littleEndian()
                        .u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D)
                        .u16(2).u16(0) //           version 2.0
                        .u64(-1).u32(28).toByteArray(), 0L, "unsupported pcapng version 2.0"),
                Arguments.of("truncated block header", section().raw(6, 0, 0, 0, 32).toByteArray(), (long) SHB + IDB_LAN,
                        "truncated pcapng block header"),
                Arguments.of("truncated block", Arrays.copyOf(goodSection, goodSection.length - 6), (long) SHB + IDB_LAN,
                        "truncated enhanced packet block"),
                Arguments.of("wrong trailing length", section()
                        .u32(0x99).u32(16) //       unknown block, total length 16
                        .u32(0) //                  body
                        .u32(20) //                 trailing length disagrees
                        .toByteArray(), (long) SHB + IDB_LAN, "trailing total length 20 differs from the leading 16"),
                Arguments.of("length not a multiple of 4", section().u32(0x99).u32(18).zeros(10).toByteArray(),
                        (long) SHB + IDB_LAN, "18 is not a multiple of 4"),
                Arguments.of("length below the block minimum", section().u32(0x99).u32(8).toByteArray(),
                        (long) SHB + IDB_LAN, "total length 8 is below the minimum of 12"),
                Arguments.of("enhanced packet block below its minimum", section().u32(6).u32(28).zeros(20).toByteArray(),
                        (long) SHB + IDB_LAN, "enhanced packet block total length 28 is below the minimum of 32"),
                Arguments.of("oversize block", section().u32(0x99).u32(0xFFFF_FFF0L).toByteArray(),
                        (long) SHB + IDB_LAN, "4294967280 exceeds the maximum of 16777216 bytes per block"),
                Arguments.of("captured length beyond block", section()
                        .u32(6).u32(36) //          EPB, total length 36: 4 bytes of packet room
                        .u32(0).u32(0).u32(1) //    interface, timestamp
                        .u32(8).u32(8) //           captured length 8 does not fit
                        .zeros(4).u32(36).toByteArray(), (long) SHB + IDB_LAN,
                        "captured length 8 exceeds the 4 bytes of packet room"),
                Arguments.of("undefined interface", section().enhancedPacket(1, 1, bytes(1)).toByteArray(),
                        (long) SHB + IDB_LAN, "refers to interface 1 but the section defines only 1 (ids 0-0)"),
                Arguments.of("packet before any interface", ByteVector.littleEndian().sectionHeader()
                        .enhancedPacket(0, 1, bytes(1)).toByteArray(), (long) SHB, "defines no interfaces"),
                Arguments.of("interface from a previous section", section().sectionHeader()
                        .enhancedPacket(0, 1, bytes(1)).toByteArray(), (long) SHB + IDB_LAN + SHB, "defines no interfaces"),
                Arguments.of("simple packet without interface", ByteVector.littleEndian().sectionHeader()
                        .u32(3).u32(20).u32(4).raw(1, 2, 3, 4).u32(20).toByteArray(), (long) SHB, "defines no interfaces"),
                Arguments.of("simple packet longer than its block", section()
                        .u32(3).u32(20) //          SPB, total length 20: 4 bytes of room
                        .u32(9) //                  original length 9, no snap length to cut it
                        .raw(1, 2, 3, 4).u32(20).toByteArray(), (long) SHB + IDB_LAN,
                        "captured length of 9 (original length 9, snap length 0) but the block has room for 4"),
                Arguments.of("option overruns block", ByteVector.littleEndian().sectionHeader()
                        .u32(1).u32(28) //          IDB, total length 28: 8 bytes of options
                        .u16(1).u16(0).u32(0)
                        .u16(2).u16(200) //         if_name claiming 200 bytes
                        .ascii("lan\0").u32(28).toByteArray(), (long) SHB, "option 2 at offset 44 declares 200 bytes"),
                Arguments.of("if_tsresol of the wrong length", ByteVector.littleEndian().sectionHeader()
                        .u32(1).u32(32).u16(1).u16(0).u32(0)
                        .u16(9).u16(2).raw(6, 6, 0, 0) // if_tsresol with 2 bytes
                        .u16(0).u16(0).u32(32).toByteArray(), (long) SHB, "if_tsresol at offset 44 has length 2, expected 1"),
                Arguments.of("timestamp beyond 2262", PcapngVectorsTest.sectionWithClock(9, null)
                        .enhancedPacket(0, 1L << 63, bytes(1)).toByteArray(), (long) SHB + 32, "out of range"),
                Arguments.of("pcap truncated file header", Arrays.copyOf(pcapHeader(64).toByteArray(), 10), 0L,
                        "truncated pcap file header"),
                Arguments.of("pcap version 3", ByteVector.littleEndian()
                        .u32(0xA1B2C3D4L).u16(3).u16(0).zeros(16).toByteArray(), 0L, "unsupported pcap version 3.0"),
                Arguments.of("pcap truncated record header", pcapHeader(64).u32(1).u32(2).toByteArray(), 24L,
                        "truncated pcap record header"),
                Arguments.of("pcap truncated record data", pcapHeader(64)
                        .u32(1).u32(2).u32(10).u32(10) // record of 10 bytes
                        .raw(1, 2, 3).toByteArray(), 24L, "truncated pcap record data"),
                Arguments.of("pcap captured length beyond snap length", pcapHeader(64)
                        .u32(1).u32(2).u32(65).u32(65).zeros(65).toByteArray(), 24L,
                        "captured length 65 exceeds the file's snap length 64"),
                Arguments.of("pcap absurd captured length", pcapHeader(0)
                        .u32(1).u32(2).u32(0x7FFF_FFFF).u32(0x7FFF_FFFF).toByteArray(), 24L,
                        "captured length 2147483647 exceeds the maximum of 262144 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void reportsFormatErrorWithOffset(String name, byte[] input, long offset, String words) {
        CaptureFormatException e = catchThrowableOfType(CaptureFormatException.class, () -> {
            try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(input), "bad.cap")) {
                CapturedFrame frame = new CapturedFrame();
                while (reader.next(frame)) {
                    // read to the end; the error may come at open or at any frame
                }
            }
        });

        assertThat(e).as(name).isNotNull();
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.sourceName()).isEqualTo("bad.cap");
        assertThat(e.getMessage()).startsWith("bad.cap: at offset " + offset + ": ").contains(words);
    }

    @Test
    void configuredLimitsApply() throws Exception {
        byte[] file = section().enhancedPacket(0, 1, new byte[100]).toByteArray();
        CaptureReader.Limits small = new CaptureReader.Limits(1024, 99);

        CaptureFormatException e = catchThrowableOfType(CaptureFormatException.class, () -> {
            try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file), "x", small)) {
                reader.next(new CapturedFrame());
            }
        });

        assertThat(e.getMessage()).contains("captured length 100 exceeds the maximum of 99 bytes per packet");
    }

    @Test
    void errorsAfterGoodFramesKeepTheFramesRead() throws Exception {
        byte[] good = section().enhancedPacket(0, 1, bytes(1)).toByteArray();
        byte[] file = Arrays.copyOf(good, good.length + 3); // three stray bytes after the last block

        try (CaptureReader reader = Captures.open(file)) {
            CapturedFrame frame = new CapturedFrame();
            assertThat(reader.next(frame)).isTrue();
            CaptureFormatException e = catchThrowableOfType(CaptureFormatException.class, () -> reader.next(frame));
            assertThat(e.offset()).isEqualTo(good.length);
            assertThat(e.getMessage()).contains("input ends at offset " + (good.length + 3) + ", 5 bytes short");
        }
    }
}
