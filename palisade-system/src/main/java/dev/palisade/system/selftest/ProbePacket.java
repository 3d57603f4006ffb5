package dev.palisade.system.selftest;

import dev.palisade.packet.Checksum;

/**
 * Builds the self-test's crafted packets: a bare IPv4 + TCP SYN (link layer RAW_IP) with correct
 * checksums, so the engine judges it by policy and not as malformed.
 *
 * <pre>
 *  0      IPv4: version 4, IHL 5 | DSCP 0 | total length 40 | id | DF | TTL 64 | proto 6 | checksum | src | dst
 *  20     TCP: src port | dst port | seq | ack 0 | offset 5, flags SYN | window 64240 | checksum | urgent 0
 * </pre>
 */
final class ProbePacket {

    static final int LENGTH = 40;

    private ProbePacket() {
    }

    static byte[] tcpSyn(int source, int sourcePort, int destination, int destinationPort) {
        byte[] b = new byte[LENGTH];
        b[0] = 0x45;
        put16(b, 2, LENGTH);
        put16(b, 4, 0x5e1f);            // identification: any
        put16(b, 6, 0x4000);            // don't fragment, offset 0
        b[8] = 64;                      // TTL
        b[9] = 6;                       // TCP
        put32(b, 12, source);
        put32(b, 16, destination);
        put16(b, 10, Checksum.finish(Checksum.sum(b, 0, 20, 0)));
        put16(b, 20, sourcePort);
        put16(b, 22, destinationPort);
        put32(b, 24, 0x1badcafe);       // initial sequence number: any
        b[32] = 0x50;                   // data offset 5 words
        b[33] = 0x02;                   // SYN
        put16(b, 34, 64240);            // window
        int pseudo = Checksum.pseudoHeaderSum(source, destination, 6, 20);
        put16(b, 36, Checksum.finish(Checksum.sum(b, 20, 20, pseudo)));
        return b;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, int v) {
        put16(b, at, v >>> 16);
        put16(b, at + 2, v);
    }
}
