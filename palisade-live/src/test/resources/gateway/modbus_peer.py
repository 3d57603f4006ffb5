"""Modbus/TCP peers for the live IPS tests, run inside a test namespace (python3 standard library only).

serve ADDR PORT            a PLC: 100 holding registers (register i holds 100 + i); function 3 (read
                           holding registers) and 6 (write single register) answered, any other
                           function gets exception 1. The MBAP header is checked (protocol id 0,
                           length 2..254) before the PDU is read; a bad header closes the connection.
                           Prints "listening".
client HOST PORT [SOURCE]  connect (3 s timeout, from address SOURCE when given) and print "connected"
                           or "failed <reason>"; then for each stdin line "read ADDRESS COUNT" or
                           "write ADDRESS VALUE" send one request on the same connection and print
                           "ok <values>" / "ok written" / "exception <code>", or "timeout" (no answer
                           in 2 s), "reset", "closed".
"""
import socket
import struct
import sys
import threading

REGISTERS = [100 + i for i in range(100)]
LOCK = threading.Lock()


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
    return bytes([function | 0x80, 1])


def serve_client(conn):
    with conn:
        while True:
            header = read_exact(conn, 7)
            if header is None:
                return
            transaction, protocol, length, unit = struct.unpack("!HHHB", header)
            if protocol != 0 or not 2 <= length <= 254:
                return
            pdu = read_exact(conn, length - 1)
            if pdu is None:
                return
            reply = answer(pdu[0], pdu[1:])
            conn.sendall(struct.pack("!HHHB", transaction, 0, len(reply) + 1, unit) + reply)


def serve(addr, port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(16)
    print("listening", flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve_client, args=(conn,), daemon=True).start()


def client(host, port, source):
    try:
        s = socket.create_connection((host, port), timeout=3, source_address=(source, 0) if source else None)
    except OSError as e:
        print("failed %s" % type(e).__name__, flush=True)
        return
    s.settimeout(2)
    print("connected", flush=True)
    transaction = 0
    for line in sys.stdin:
        op, a, b = line.split()
        a, b = int(a), int(b)
        transaction = (transaction + 1) & 0xFFFF
        pdu = struct.pack("!BHH", 3 if op == "read" else 6, a, b)
        try:
            s.sendall(struct.pack("!HHHB", transaction, 0, len(pdu) + 1, 1) + pdu)
            header = read_exact(s, 7)
            if header is None:
                print("closed", flush=True)
                continue
            length = struct.unpack("!HHHB", header)[2]
            body = read_exact(s, length - 1)
            if body is None:
                print("closed", flush=True)
            elif body[0] & 0x80:
                print("exception %d" % body[1], flush=True)
            elif op == "read":
                print("ok " + " ".join(str(v) for v in struct.unpack("!%dH" % (body[1] // 2), body[2:2 + body[1]])), flush=True)
            else:
                print("ok written", flush=True)
        except socket.timeout:
            print("timeout", flush=True)
        except ConnectionResetError:
            print("reset", flush=True)
        except OSError as e:
            print("error %s" % type(e).__name__, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
