package dev.palisade.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds hand-written capture files field by field, in a chosen byte order. */
final class ByteVector {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    private ByteVector(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    static ByteVector littleEndian() {
        return new ByteVector(false);
    }

    static ByteVector bigEndian() {
        return new ByteVector(true);
    }

    /** Switches the byte order for the fields that follow, as a new pcapng section does. */
    ByteVector order(boolean big) {
        this.bigEndian = big;
        return this;
    }

    ByteVector u8(int v) {
        out.write(v);
        return this;
    }

    ByteVector u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    ByteVector u32(long v) {
        if (bigEndian) {
            u16((int) (v >>> 16)).u16((int) v);
        } else {
            u16((int) v).u16((int) (v >>> 16));
        }
        return this;
    }

    ByteVector u64(long v) {
        return bigEndian ? u32(v >>> 32).u32(v) : u32(v).u32(v >>> 32);
    }

    /** Raw bytes, unaffected by byte order. */
    ByteVector raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    ByteVector ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    ByteVector zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** A minimal little- or big-endian section header block (28 bytes, no options). */
    ByteVector sectionHeader() {
        return u32(0x0A0D0D0A) // block type: SHB
                .u32(28) //           block total length
                .u32(0x1A2B3C4D) //   byte-order magic, written in this section's order
                .u16(1).u16(0) //     version 1.0
                .u64(-1) //           section length: unknown
                .u32(28); //          trailing block total length
    }

    /** An interface description block with an if_name and no other options (28 + padded name). */
    ByteVector interfaceDescription(int linkType, String name) {
        int padded = (name.length() + 3) & ~3;
        int total = 20 + 4 + padded + 4;
        return u32(1) //          block type: IDB
                .u32(total) //        block total length
                .u16(linkType) //     link type
                .u16(0) //            reserved
                .u32(0) //            snap length: none
                .u16(2).u16(name.length()).ascii(name).zeros(padded - name.length()) // if_name
                .u16(0).u16(0) //     opt_endofopt
                .u32(total); //       trailing block total length
    }

    /** An enhanced packet block without options; the data is padded to 4 bytes. */
    ByteVector enhancedPacket(int interfaceId, long ticks, byte[] data) {
        int padded = (data.length + 3) & ~3;
        int total = 32 + padded;
        u32(6) //                 block type: EPB
                .u32(total) //        block total length
                .u32(interfaceId) //  interface id
                .u32(ticks >>> 32) // timestamp, high word
                .u32(ticks) //        timestamp, low word
                .u32(data.length) //  captured length
                .u32(data.length); // original length
        out.writeBytes(data);
        return zeros(padded - data.length).u32(total);
    }
}
