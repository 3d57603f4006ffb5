#!/usr/bin/env python3
"""Writes a large Modbus/TCP capture (pcap, Ethernet) for the IPS benchmark against Suricata.

FLOWS connections from distinct clients 10.1.x.y to servers 10.2.0.z:502, each with a handshake,
EXCHANGES request/response pairs (read holding registers, every tenth a write single register),
and a FIN exchange. Flows are interleaved in rounds so that many are open at once, as on a plant
network. Checksums are left zero (both tools run with checksum validation off).
Usage: make-modbus-capture.py OUT.pcap [FLOWS] [EXCHANGES]
"""
import struct
import sys

out = sys.argv[1]
flows = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
exchanges = int(sys.argv[3]) if len(sys.argv) > 3 else 100

MAC_C = bytes.fromhex("020000000001")
MAC_S = bytes.fromhex("020000000002")


def frame(src, dst, sport, dport, seq, ack, flags, payload, ident):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, ident & 0xFFFF, 0x4000, 64, 6, 0, src, dst)
    return MAC_S + MAC_C + b"\x08\x00" + ip + tcp + payload


def addr(a, b, c, d):
    return bytes((a, b, c, d))


with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    t = [1_700_000_000, 0]

    def write(data):
        t[1] += 10
        if t[1] >= 1_000_000:
            t[0] += 1
            t[1] -= 1_000_000
        f.write(struct.pack("<IIII", t[0], t[1], len(data), len(data)))
        f.write(data)

    state = []
    for i in range(flows):
        c = addr(10, 1, (i >> 8) & 0xFF, i & 0xFF)
        s = addr(10, 2, 0, 1 + i % 50)
        sport = 20000 + i % 40000
        state.append([c, s, sport, 1000, 5000])
    ident = 0
    for c, s, sport, cs, ss in state:
        write(frame(c, s, sport, 502, cs, 0, 0x02, b"", ident)); ident += 1
        write(frame(s, c, 502, sport, ss, cs + 1, 0x12, b"", ident)); ident += 1
        write(frame(c, s, sport, 502, cs + 1, ss + 1, 0x10, b"", ident)); ident += 1
    for st in state:
        st[3] += 1
        st[4] += 1
    for k in range(exchanges):
        for st in state:
            c, s, sport, cs, ss = st
            tid = k & 0xFFFF
            if k % 10 == 9:
                req = struct.pack("!HHHBBHH", tid, 0, 6, 1, 6, 100 + k % 50, k & 0xFFFF)
                rsp = req
            else:
                req = struct.pack("!HHHBBHH", tid, 0, 6, 1, 3, k % 100, 10)
                rsp = struct.pack("!HHHBBB", tid, 0, 23, 1, 3, 20) + bytes(20)
            write(frame(c, s, sport, 502, cs, ss, 0x18, req, ident)); ident += 1
            write(frame(s, c, 502, sport, ss, cs + len(req), 0x18, rsp, ident)); ident += 1
            st[3] = cs + len(req)
            st[4] = ss + len(rsp)
    for c, s, sport, cs, ss in state:
        write(frame(c, s, sport, 502, cs, ss, 0x11, b"", ident)); ident += 1
        write(frame(s, c, 502, sport, ss, cs + 1, 0x11, b"", ident)); ident += 1
        write(frame(c, s, sport, 502, cs + 1, ss + 1, 0x10, b"", ident)); ident += 1
