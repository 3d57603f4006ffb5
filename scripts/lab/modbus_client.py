#!/usr/bin/env python3
"""Modbus/TCP client for the Palisade lab (python3 standard library only).

Usage: modbus_client.py HOST PORT read START COUNT     read holding registers (function 3)
       modbus_client.py HOST PORT write ADDRESS VALUE  write a single register (function 6)

Prints the registers read or "written", or why it failed (timeout, reset, refused); exit status 1
on failure.
"""
import socket
import struct
import sys


def main():
    host, port, op, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    pdu = struct.pack("!BHH", 3 if op == "read" else 6, a, b)
    try:
        with socket.create_connection((host, port), timeout=3) as s:
            s.sendall(struct.pack("!HHHB", 1, 0, len(pdu) + 1, 1) + pdu)
            header = s.recv(7)
            if len(header) < 7:
                print("closed by the peer")
                return 1
            length = struct.unpack("!HHHB", header)[2]
            body = b""
            while len(body) < length - 1:
                chunk = s.recv(length - 1 - len(body))
                if not chunk:
                    break
                body += chunk
    except socket.timeout:
        print("timeout (no answer: dropped on the way?)")
        return 1
    except ConnectionResetError:
        print("connection reset")
        return 1
    except OSError as e:
        print("failed: %s" % e)
        return 1
    if not body or body[0] & 0x80:
        print("Modbus exception %s" % (body[1] if len(body) > 1 else "?"))
        return 1
    if op == "read":
        print("registers %d..%d: %s" % (a, a + b - 1, list(struct.unpack("!%dH" % (body[1] // 2), body[2:2 + body[1]]))))
    else:
        print("written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
