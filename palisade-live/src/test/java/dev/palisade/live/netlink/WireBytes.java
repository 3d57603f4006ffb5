package dev.palisade.live.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;

/**
 * Expected wire bytes written field by field, so that each test vector reads like the C
 * structure it stands for: host-order fields (netlink headers) and network-order fields
 * (netfilter payloads) are spelled out separately.
 */
public final class WireBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    public static WireBytes of() {
        return new WireBytes();
    }

    public WireBytes u8(int v) {
        out.write(v);
        return this;
    }

    public WireBytes host16(int v) {
        if (LITTLE) {
            out.write(v);
            out.write(v >>> 8);
        } else {
            out.write(v >>> 8);
            out.write(v);
        }
        return this;
    }

    public WireBytes host32(int v) {
        if (LITTLE) {
            host16(v & 0xffff);
            host16(v >>> 16);
        } else {
            host16(v >>> 16);
            host16(v & 0xffff);
        }
        return this;
    }

    public WireBytes be16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public WireBytes be32(int v) {
        be16(v >>> 16);
        be16(v & 0xffff);
        return this;
    }

    public WireBytes zeros(int n) {
        for (int i = 0; i < n; i++) {
            out.write(0);
        }
        return this;
    }

    public WireBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public int length() {
        return out.size();
    }

    public byte[] build() {
        return out.toByteArray();
    }
}
