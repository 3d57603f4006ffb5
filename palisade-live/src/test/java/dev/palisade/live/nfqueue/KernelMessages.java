package dev.palisade.live.nfqueue;

import dev.palisade.live.netlink.Netlink;
import dev.palisade.live.netlink.WireBytes;

/**
 * Packet messages as the kernel sends them ({@code nfqnl_build_packet_message}), for feeding a
 * queue without a kernel: the attributes in the kernel's order, each field in its byte order.
 */
final class KernelMessages {

    private KernelMessages() {
    }

    static int align(int n) {
        return Netlink.align(n);
    }

    /** A packet message of queue {@code queue} with id, hook, indev, a ct nest and the payload. */
    static byte[] packet(int queue, int id, int hook, int indev, int ctMark, byte[] payload) {
        WireBytes attrs = WireBytes.of()
                .host16(4 + 7).host16(QueueProtocol.NFQA_PACKET_HDR).be32(id).be16(0x0800).u8(hook).zeros(1)
                .host16(8).host16(QueueProtocol.NFQA_IFINDEX_INDEV).be32(indev)
                .host16(4 + 8 + 8).host16(QueueProtocol.NFQA_CT | Netlink.NLA_F_NESTED)
                .host16(8).host16(QueueProtocol.CTA_ID).be32(0xc0ffee)
                .host16(8).host16(QueueProtocol.CTA_MARK).be32(ctMark)
                .host16(8).host16(QueueProtocol.NFQA_CT_INFO).be32(QueuedPacket.CT_NEW)
                .host16(4 + payload.length).host16(QueueProtocol.NFQA_PAYLOAD).bytes(payload)
                .zeros(align(4 + payload.length) - 4 - payload.length);
        byte[] a = attrs.build();
        return WireBytes.of()
                .host32(16 + 4 + a.length).host16(0x0300).host16(0).host32(0).host32(0)
                .u8(2).u8(0).be16(queue)
                .bytes(a).build();
    }

    static byte[] concat(byte[]... parts) {
        WireBytes w = WireBytes.of();
        for (byte[] p : parts) {
            w.bytes(p);
        }
        return w.build();
    }
}
