#!/usr/bin/env python3
"""A tiny Modbus/TCP server standing in for a PLC in the Palisade lab (python3 standard library only).

Usage: modbus_plc.py ADDRESS PORT

Holds 100 holding registers (register i starts at 100 + i; register 0 counts up once a second, like
a process value) and answers function codes 3 (read holding registers), 6 (write single register)
and 16 (write multiple registers); anything else gets exception 1 (illegal function), addresses
out of range exception 2. Every request is checked against the MBAP header before it is read:
protocol id 0, length 2..254, and a connection sending anything else is closed. One thread per
client. Prints one line per request to stdout (the lab's log).
"""
import socket
import struct
import sys
import threading
import time

REGISTERS = [100 + i for i in range(100)]
LOCK = threading.Lock()


def tick():
    while True:
        time.sleep(1)
        with LOCK:
            REGISTERS[0] = (REGISTERS[0] + 1) & 0xFFFF


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def answer(function, body):
    if function == 3 and len(body) == 4:
        start, count = struct.unpack("!HH", body)
        if not 1 <= count <= 125 or start + count > len(REGISTERS):
            return bytes([function | 0x80, 2])
        with LOCK:
            values = REGISTERS[start:start + count]
        return bytes([function, 2 * count]) + struct.pack("!%dH" % count, *values)
    if function == 6 and len(body) == 4:
        address, value = struct.unpack("!HH", body)
        if address >= len(REGISTERS):
            return bytes([function | 0x80, 2])
        with LOCK:
            REGISTERS[address] = value
        return bytes([function]) + body
    if function == 16 and len(body) >= 5:
        start, count, size = struct.unpack("!HHB", body[:5])
        if not 1 <= count <= 123 or size != 2 * count or len(body) != 5 + size or start + count > len(REGISTERS):
            return bytes([function | 0x80, 3 if size != 2 * count else 2])
        with LOCK:
            REGISTERS[start:start + count] = struct.unpack("!%dH" % count, body[5:])
        return bytes([function]) + body[:4]
    return bytes([function | 0x80, 1])


def serve_client(conn, peer):
    with conn:
        while True:
            header = read_exact(conn, 7)
            if header is None:
                return
            transaction, protocol, length, unit = struct.unpack("!HHHB", header)
            if protocol != 0 or not 2 <= length <= 254:
                print("plc: %s sent a bad MBAP header, closing" % peer[0], flush=True)
                return
            pdu = read_exact(conn, length - 1)
            if pdu is None:
                return
            reply = answer(pdu[0], pdu[1:])
            print("plc: %s function %d -> %s" % (peer[0], pdu[0], "exception" if reply[0] & 0x80 else "ok"), flush=True)
            conn.sendall(struct.pack("!HHHB", transaction, 0, len(reply) + 1, unit) + reply)


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((sys.argv[1], int(sys.argv[2])))
    srv.listen(16)
    threading.Thread(target=tick, daemon=True).start()
    print("plc: Modbus/TCP on %s:%s" % (sys.argv[1], sys.argv[2]), flush=True)
    while True:
        conn, peer = srv.accept()
        threading.Thread(target=serve_client, args=(conn, peer), daemon=True).start()


if __name__ == "__main__":
    main()
