"""TCP peer for the live gateway tests, run inside a test namespace (python3 standard library only).

serve ADDR PORT    accept connections and echo every line; a line "WHO" is answered with
                   "peer <client address>" (how the server saw the client). Prints "listening".
session HOST PORT  connect (3 s timeout) and print "connected" or "failed <reason>"; then send each
                   line read from stdin (ended with CR LF) and print "ok <reply>" when a line comes
                   back within 3 s, "closed", "reset" or "timeout".
"""
import socket
import sys
import threading


def serve(addr, port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(32)
    print("listening", flush=True)
    while True:
        conn, peer = srv.accept()
        threading.Thread(target=echo, args=(conn, peer), daemon=True).start()


def echo(conn, peer):
    try:
        with conn:
            for line in conn.makefile("rb"):
                if line.strip() == b"WHO":
                    conn.sendall(("peer %s\r\n" % peer[0]).encode())
                else:
                    conn.sendall(line)
    except OSError:
        pass


def session(host, port):
    try:
        s = socket.create_connection((host, port), timeout=3)
    except OSError as e:
        print("failed %s" % type(e).__name__, flush=True)
        return
    print("connected", flush=True)
    f = s.makefile("rb")
    for line in sys.stdin:
        try:
            s.sendall(line.rstrip("\n").encode() + b"\r\n")
            reply = f.readline()
            print(("ok " + reply.decode(errors="replace").strip()) if reply else "closed", flush=True)
        except ConnectionResetError:
            print("reset", flush=True)
        except socket.timeout:
            print("timeout", flush=True)
        except OSError as e:
            print("error %s" % type(e).__name__, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        session(sys.argv[2], int(sys.argv[3]))
