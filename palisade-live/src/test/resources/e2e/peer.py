"""TCP peer for the live end-to-end tests, run inside a test namespace.

serve ADDR PORT   accept connections; greet each with "peer <client address>" and echo lines.
                  Prints "listening" once bound.
ack HOST PORT [SPORT FLAGS]
                  send one bare TCP segment (default: an ACK from port 40001, belonging to no
                  connection; FLAGS is the flag byte in hex) from a raw socket; print "sent".
ping HOST         one ICMP echo request from a raw socket; print "reply" if answered within 1 s,
                  else "none" (no iputils-ping needed).
session HOST PORT [SPORT]
                  connect (2 s timeout; from SPORT when given), print the greeting (or "failed
                  <reason>"), then for each line read from stdin send it and print "ok" when
                  echoed within 2 s, else "timeout".
"""
import os
import socket
import struct
import sys
import time
import threading


def serve(addr, port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(16)
    print("listening", flush=True)
    while True:
        conn, peer = srv.accept()
        threading.Thread(target=echo, args=(conn, peer), daemon=True).start()


def echo(conn, peer):
    with conn:
        conn.sendall(("peer %s\n" % peer[0]).encode())
        f = conn.makefile("rb")
        for line in f:
            conn.sendall(line)


def session(host, port, sport=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if sport:
        s.bind(("0.0.0.0", sport))
    s.settimeout(2)
    try:
        s.connect((host, port))
        f = s.makefile("rb")
        print(f.readline().decode().strip(), flush=True)
    except OSError as e:
        print("failed %s" % type(e).__name__, flush=True)
        return
    for line in sys.stdin:
        try:
            s.sendall(line.encode())
            reply = f.readline()
            print("ok" if reply else "closed", flush=True)
        except OSError:
            print("timeout", flush=True)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ack(host, port, sport=40001, flags=0x10):
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.connect((host, port))
    src = probe.getsockname()[0]
    probe.close()
    # source port, destination port, sequence, acknowledgment, data offset 5 words, flags ACK, window
    header = struct.pack("!HHIIBBHHH", sport, port, 1000, 2000, 5 << 4, flags, 65535, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(host) + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(header))
    header = header[:16] + struct.pack("!H", checksum(pseudo + header)) + header[18:]
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    raw.sendto(header, (host, 0))
    print("sent", flush=True)


def ping(host):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xFFFF
    # type 8 (echo request), code 0, checksum, identifier, sequence, then a payload
    message = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + b"palisade"
    message = message[:2] + struct.pack("!H", checksum(message)) + message[4:]
    s.sendto(message, (host, 0))
    deadline = time.monotonic() + 1
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            print("none", flush=True)
            return
        s.settimeout(left)
        try:
            packet, sender = s.recvfrom(2048)
        except socket.timeout:
            continue
        ihl = (packet[0] & 0x0F) * 4
        kind, _, _, got_ident = struct.unpack("!BBHH", packet[ihl:ihl + 6])
        if sender[0] == host and kind == 0 and got_ident == ident:
            print("reply", flush=True)
            return


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "ping":
        ping(sys.argv[2])
    elif sys.argv[1] == "ack":
        if len(sys.argv) > 4:
            ack(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5], 16))
        else:
            ack(sys.argv[2], int(sys.argv[3]))
    else:
        session(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
