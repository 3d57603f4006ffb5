package dev.palisade.live.nfqueue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three network namespaces built by the test and removed after it (also when it fails; leftovers
 * of an earlier run are removed first). Addresses match the dataplane's {@code TestConfigs}
 * router, so an engine configured with it sees its own topology:
 *
 * <pre>
 *  plqnc (client)                    plqngw (gateway, ip_forward=1)                plqns (server)
 *  192.168.1.10 plqnc0 ──veth── plqngc0 192.168.1.1 | 198.51.100.2 plqngs0 ──veth── plqns0 198.51.100.1
 * </pre>
 *
 * Every name starts with {@code plqn}, so parallel test runs of other helpers never collide.
 */
final class NamespaceLab implements AutoCloseable {

    static final String CLIENT = "plqnc";
    static final String GATEWAY = "plqngw";
    static final String SERVER = "plqns";
    static final String CLIENT_ADDRESS = "192.168.1.10";
    static final String SERVER_ADDRESS = "198.51.100.1";
    static final String LAN_IFACE = "plqngc0";
    static final String WAN_IFACE = "plqngs0";

    private final List<Process> processes = new ArrayList<>();

    static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 && out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static NamespaceLab create() throws IOException {
        removeLeftovers();
        NamespaceLab lab = new NamespaceLab();
        try {
            for (String ns : List.of(CLIENT, GATEWAY, SERVER)) {
                run("ip", "netns", "add", ns);
                run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            run("ip", "link", "add", "plqnc0", "netns", CLIENT, "type", "veth", "peer", "name", LAN_IFACE, "netns", GATEWAY);
            run("ip", "link", "add", "plqns0", "netns", SERVER, "type", "veth", "peer", "name", WAN_IFACE, "netns", GATEWAY);
            run("ip", "-n", CLIENT, "addr", "add", CLIENT_ADDRESS + "/24", "dev", "plqnc0");
            run("ip", "-n", GATEWAY, "addr", "add", "192.168.1.1/24", "dev", LAN_IFACE);
            run("ip", "-n", GATEWAY, "addr", "add", "198.51.100.2/24", "dev", WAN_IFACE);
            run("ip", "-n", SERVER, "addr", "add", SERVER_ADDRESS + "/24", "dev", "plqns0");
            run("ip", "-n", CLIENT, "link", "set", "plqnc0", "up");
            run("ip", "-n", GATEWAY, "link", "set", LAN_IFACE, "up");
            run("ip", "-n", GATEWAY, "link", "set", WAN_IFACE, "up");
            run("ip", "-n", SERVER, "link", "set", "plqns0", "up");
            run("ip", "-n", CLIENT, "route", "add", "default", "via", "192.168.1.1");
            run("ip", "-n", SERVER, "route", "add", "192.168.1.0/24", "via", "198.51.100.2");
            run("ip", "netns", "exec", GATEWAY, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Removes every {@code plqn*} namespace (their veths and rules go with them). */
    static void removeLeftovers() throws IOException {
        for (String line : output("ip", "netns", "list").split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (name.startsWith("plqn")) {
                run("ip", "netns", "del", name);
            }
        }
    }

    Path gatewayNamespace() {
        return Path.of("/var/run/netns", GATEWAY);
    }

    int ifindex(String iface) throws IOException {
        return Integer.parseInt(output("ip", "netns", "exec", GATEWAY, "cat", "/sys/class/net/" + iface + "/ifindex").trim());
    }

    /** Appends a rule to the gateway's mangle FORWARD chain through iptables-nft. */
    void forwardRule(String... match) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", GATEWAY, "iptables-nft", "-t", "mangle", "-A", "FORWARD"));
        cmd.addAll(List.of(match));
        run(cmd.toArray(String[]::new));
    }

    /** Runs a command in a namespace; returns its exit code (output discarded). */
    int exec(String ns, long timeoutSeconds, String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return waitFor(p, timeoutSeconds);
    }

    /** Runs a command in a namespace and returns its standard output (exit code must be 0). */
    String execOutput(String ns, long timeoutSeconds, String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        Process p = new ProcessBuilder(all).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = waitFor(p, timeoutSeconds);
        if (code != 0) {
            throw new IOException(String.join(" ", all) + " exited with " + code + ": " + out);
        }
        return out;
    }

    boolean ping(int count) throws IOException {
        return exec(CLIENT, 20, "ping", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", "-q", SERVER_ADDRESS) == 0;
    }

    /** Starts the TCP server (echo each read, or count until EOF and answer the count); returns its port. */
    int startTcpServer() throws IOException {
        String script = """
                import socket, threading
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('0.0.0.0', 0)); s.listen(16); print(s.getsockname()[1], flush=True)
                def serve(c):
                    with c:
                        mode = c.recv(1)
                        total = 0
                        while True:
                            d = c.recv(262144)
                            if not d: break
                            total += len(d)
                            if mode == b'e': c.sendall(d)
                        if mode == b'c': c.sendall(str(total).encode())
                while True:
                    c, _ = s.accept()
                    threading.Thread(target=serve, args=(c,), daemon=True).start()
                """;
        return Integer.parseInt(startServer(SERVER, "python3", "-u", "-c", script).trim());
    }

    /** Starts a UDP receiver counting datagrams; returns its port. The count is printed on SIGTERM. */
    int startUdpCounter(Path countFile) throws IOException {
        String script = """
                import socket, sys
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
                s.bind(('0.0.0.0', 0)); print(s.getsockname()[1], flush=True)
                n = 0
                while True:
                    s.recv(65536); n += 1
                    open(sys.argv[1] + '.tmp', 'w').write(str(n))
                    import os; os.replace(sys.argv[1] + '.tmp', sys.argv[1])
                """;
        return Integer.parseInt(startServer(SERVER, "python3", "-u", "-c", script, countFile.toString()).trim());
    }

    private String startServer(String ns, String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        Process p = new ProcessBuilder(all).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String first = r.readLine();
        if (first == null) {
            throw new IOException("server did not start: " + all);
        }
        return first;
    }

    /**
     * A TCP client in the client namespace. Mode "e" does {@code n} round trips of 100 bytes and
     * prints "ok"; mode "c" sends {@code n} bytes and prints the server's count.
     */
    String tcpClient(int port, char mode, int n, long timeoutSeconds) throws IOException {
        String script = """
                import socket, sys
                mode, n = sys.argv[3], int(sys.argv[4])
                c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
                c.sendall(mode.encode())
                if mode == 'e':
                    for i in range(n):
                        c.sendall(b'x' * 100)
                        got = 0
                        while got < 100:
                            d = c.recv(100 - got)
                            if not d: raise SystemExit('closed')
                            got += len(d)
                    print('ok')
                else:
                    block = b'y' * 65536
                    left = n
                    while left > 0:
                        k = min(left, len(block)); c.sendall(block[:k]); left -= k
                    c.shutdown(socket.SHUT_WR)
                    print(c.recv(64).decode())
                """;
        return execOutput(CLIENT, timeoutSeconds, "python3", "-c", script, SERVER_ADDRESS, Integer.toString(port),
                String.valueOf(mode), Integer.toString(n)).trim();
    }

    /** Sends {@code count} UDP datagrams of {@code size} bytes as fast as possible. */
    void udpBurst(int port, int count, int size) throws IOException {
        String script = """
                import socket, sys
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                b = b'z' * int(sys.argv[4])
                for i in range(int(sys.argv[3])): s.sendto(b, (sys.argv[1], int(sys.argv[2])))
                """;
        execOutput(CLIENT, 30, "python3", "-c", script, SERVER_ADDRESS, Integer.toString(port), Integer.toString(count),
                Integer.toString(size));
    }

    @Override
    public void close() throws IOException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        removeLeftovers();
    }

    static void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = waitFor(p, 30);
        if (code != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + code + ": " + out.trim());
        }
    }

    static String output(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        waitFor(p, 30);
        return out;
    }

    private static int waitFor(Process p, long timeoutSeconds) throws IOException {
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }
}
