"""TCP peer for the live end-to-end tests, run inside a test namespace.

serve ADDR PORT   accept connections; greet each with "peer <client address>" and echo lines.
                  Prints "listening" once bound.
session HOST PORT connect (2 s timeout), print the greeting (or "failed <reason>"), then for each
                  line read from stdin send it and print "ok" when echoed within 2 s, else "timeout".
"""
import socket
import sys
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


def session(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
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


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        session(sys.argv[2], int(sys.argv[3]))
