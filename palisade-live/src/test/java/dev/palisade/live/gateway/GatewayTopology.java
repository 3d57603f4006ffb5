package dev.palisade.live.gateway;

import dev.palisade.live.nft.CommandResult;
import dev.palisade.live.nft.HostCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Three namespaces joined by veth pairs, built by the test itself, every name with the prefix
 * {@code plqe}, or the one given (leftovers of an interrupted run are removed first):
 *
 * <pre>
 *  plqelan (192.168.30.10) ─ plqelh ══ plqel0 ─ plqegw ─ plqew0 ══ plqewh ─ plqewan (198.51.100.1)
 *                                      192.168.30.1 (LAN)   198.51.100.2 (WAN)
 * </pre>
 *
 * The gateway forwards (ip_forward on; Palisade leaves that sysctl to the operator), its default
 * route is the WAN host, which routes the LAN subnet back to the gateway so it can try to reach
 * LAN hosts directly. Peers are python3 programs ({@code gateway/peer.py}); every process and
 * namespace goes on {@link #close()}.
 */
final class GatewayTopology implements AutoCloseable {

    static final String PREFIX = "plqe";
    static final String LAN_HOST = "192.168.30.10";
    static final String GATEWAY_LAN = "192.168.30.1";
    static final String GATEWAY_WAN = "198.51.100.2";
    static final String WAN_HOST = "198.51.100.1";
    static final String LAN_IF = PREFIX + "l0";
    static final String WAN_IF = PREFIX + "w0";
    static final String LAN = PREFIX + "lan";
    static final String GATEWAY = PREFIX + "gw";
    static final String WAN = PREFIX + "wan";

    final String prefix;
    final String lanNs;
    final String gatewayNs;
    final String wanNs;
    final String lanIf;
    final String wanIf;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<Process, BufferedReader> readers = new HashMap<>();
    private final Path peerScript;
    private final List<Path> scripts = new ArrayList<>();

    GatewayTopology() throws IOException {
        this(PREFIX);
    }

    /** {@link #prepared(String, SetUp)} with the default prefix. */
    static GatewayTopology prepared(SetUp setUp) throws IOException {
        return prepared(PREFIX, setUp);
    }

    /** What a test class sets up in its topology before the first test (servers, extra addresses). */
    @FunctionalInterface
    interface SetUp {
        void prepare(GatewayTopology net) throws IOException;
    }

    /**
     * A topology with {@code prefix}, prepared by {@code setUp}; when preparing fails the
     * namespaces are removed again before the failure is thrown.
     */
    static GatewayTopology prepared(String prefix, SetUp setUp) throws IOException {
        GatewayTopology net = new GatewayTopology(prefix);
        try {
            setUp.prepare(net);
            return net;
        } catch (IOException | RuntimeException | AssertionError e) {
            net.close();
            throw e;
        }
    }

    /** The same topology with every namespace and interface name starting with {@code prefix} (at most 6 characters). */
    GatewayTopology(String prefix) throws IOException {
        this.prefix = prefix;
        this.lanNs = prefix + "lan";
        this.gatewayNs = prefix + "gw";
        this.wanNs = prefix + "wan";
        this.lanIf = prefix + "l0";
        this.wanIf = prefix + "w0";
        String lanHostIf = prefix + "lh";
        String wanHostIf = prefix + "wh";
        removeLeftovers(prefix);
        peerScript = Files.createTempFile(prefix + "-peer", ".py");
        try (var in = GatewayTopology.class.getResourceAsStream("/gateway/peer.py")) {
            Files.write(peerScript, in.readAllBytes());
        }
        try {
            for (String ns : List.of(lanNs, gatewayNs, wanNs)) {
                require("ip", "netns", "add", ns);
                namespaces.add(ns);
                require("ip", "-n", ns, "link", "set", "lo", "up");
            }
            require("ip", "link", "add", lanHostIf, "netns", lanNs, "type", "veth", "peer", "name", lanIf, "netns", gatewayNs);
            require("ip", "link", "add", wanHostIf, "netns", wanNs, "type", "veth", "peer", "name", wanIf, "netns", gatewayNs);
            require("ip", "-n", lanNs, "addr", "add", LAN_HOST + "/24", "dev", lanHostIf);
            require("ip", "-n", gatewayNs, "addr", "add", GATEWAY_LAN + "/24", "dev", lanIf);
            require("ip", "-n", gatewayNs, "addr", "add", GATEWAY_WAN + "/24", "dev", wanIf);
            require("ip", "-n", wanNs, "addr", "add", WAN_HOST + "/24", "dev", wanHostIf);
            require("ip", "-n", lanNs, "link", "set", lanHostIf, "up");
            require("ip", "-n", gatewayNs, "link", "set", lanIf, "up");
            require("ip", "-n", gatewayNs, "link", "set", wanIf, "up");
            require("ip", "-n", wanNs, "link", "set", wanHostIf, "up");
            require("ip", "-n", lanNs, "route", "add", "default", "via", GATEWAY_LAN);
            require("ip", "-n", gatewayNs, "route", "add", "default", "via", WAN_HOST);
            require("ip", "-n", wanNs, "route", "add", "192.168.30.0/24", "via", GATEWAY_WAN);
            require("ip", "netns", "exec", gatewayNs, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static void removeLeftovers(String prefix) {
        CommandResult list = HostCommands.host().run(List.of("ip", "netns", "list"));
        for (String line : list.stdout().lines().toList()) {
            String name = line.split(" ")[0];
            if (name.startsWith(prefix)) {
                HostCommands.host().run(List.of("ip", "netns", "del", name));
            }
        }
    }

    HostCommands gatewayCommands() {
        return HostCommands.inNetworkNamespace(gatewayNs);
    }

    /** Adds a second address to the WAN host (a second client, e.g. an attacker). */
    void addWanHostAddress(String address) {
        require("ip", "-n", wanNs, "addr", "add", address + "/24", "dev", prefix + "wh");
    }

    /** True when one ICMP echo from {@code ns} to {@code host} is answered within a second. */
    boolean ping(String ns, String host) {
        return HostCommands.host().run(List.of("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", "-q", host)).succeeded();
    }

    /**
     * Starts {@code script} (a test resource, python3) in {@code ns} with {@code args} and returns
     * the process with its first output line, read within {@code seconds}.
     */
    Started python(String ns, String resource, int seconds, String... args) throws IOException {
        Path script = Files.createTempFile(prefix + "-script", ".py");
        scripts.add(script);
        try (var in = GatewayTopology.class.getResourceAsStream(resource)) {
            Files.write(script, in.readAllBytes());
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "python3", "-u", script.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        readers.put(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        return new Started(p, readLine(p, seconds));
    }

    /** A process started by {@link #python}, driven line by line. */
    final class Started implements AutoCloseable {
        private final Process process;
        private final String first;
        private final Writer in;

        Started(Process process, String first) {
            this.process = process;
            this.first = first;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** The first line the process printed ("no-answer" when none came in time). */
        String first() {
            return first;
        }

        /** Sends a line and returns the answer line, or "no-answer" after {@code seconds}. */
        String exchange(String line, int seconds) throws IOException {
            in.write(line + "\n");
            in.flush();
            return readLine(process, seconds);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** What the gateway's kernel holds: {@code nft list ruleset} and {@code iptables-nft-save} (counters stripped). */
    String kernelState() {
        String nft = gatewayCommands().run(List.of("nft", "list", "ruleset")).stdout();
        String ipt = gatewayCommands().run(List.of("iptables-nft-save")).stdout().lines()
                .filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "")).reduce("", (a, b) -> a + b + "\n");
        String routes = gatewayCommands().run(List.of("ip", "route", "show")).stdout();
        return nft + "\n---\n" + ipt + "\n---\n" + routes;
    }

    /** Starts an echo server in {@code ns} on {@code address:port} and waits until it listens. */
    void serve(String ns, String address, int port) throws IOException {
        Process p = start(ns, "serve", address, Integer.toString(port));
        String first = readLine(p, 5);
        if (!"listening".equals(first)) {
            throw new IOException("peer server in " + ns + " did not start: " + first);
        }
    }

    /** Opens a TCP session from {@code ns}; {@link Session#opened()} says "connected" or "failed REASON". */
    Session connect(String ns, String host, int port) throws IOException {
        Process p = start(ns, "session", host, Integer.toString(port));
        return new Session(p, readLine(p, 6));
    }

    /** A client connection driven line by line. */
    final class Session implements AutoCloseable {
        private final Process process;
        private final String opened;
        private final Writer in;

        Session(Process process, String opened) {
            this.process = process;
            this.opened = opened;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        String opened() {
            return opened;
        }

        /** Sends a line; "ok REPLY", "closed", "reset" or "timeout". */
        String exchange(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            return readLine(process, 6);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private Process start(String ns, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "python3", "-u", peerScript.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        readers.put(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        return p;
    }

    private String readLine(Process p, int seconds) {
        BufferedReader reader = readers.get(p);
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String s = line.get(seconds, TimeUnit.SECONDS);
            return s == null ? "eof" : s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no-answer";
        } catch (ExecutionException | TimeoutException e) {
            return "no-answer";
        }
    }

    static CommandResult require(String... argv) {
        return HostCommands.host().require(List.of(argv), null, "test setup");
    }

    @Override
    public void close() throws IOException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces.reversed()) {
            HostCommands.host().run(List.of("ip", "netns", "del", ns));
        }
        namespaces.clear();
        Files.deleteIfExists(peerScript);
        for (Path script : scripts) {
            Files.deleteIfExists(script);
        }
    }
}
