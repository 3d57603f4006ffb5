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
 * {@code pllive} (leftovers of an interrupted run are removed first):
 *
 * <pre>
 *  pllivelan (192.168.30.10) ─ pllivelh ══ pllivel0 ─ pllivegw ─ pllivew0 ══ pllivewh ─ pllivewan (198.51.100.1)
 *                                      192.168.30.1 (LAN)   198.51.100.2 (WAN)
 * </pre>
 *
 * The gateway forwards (ip_forward on; Palisade leaves that sysctl to the operator), its default
 * route is the WAN host, which routes the LAN subnet back to the gateway so it can try to reach
 * LAN hosts directly. Peers are python3 programs ({@code gateway/peer.py}); every process and
 * namespace goes on {@link #close()}.
 */
final class GatewayTopology implements AutoCloseable {

    static final String PREFIX = "pllive";
    static final String LAN_HOST = "192.168.30.10";
    static final String GATEWAY_LAN = "192.168.30.1";
    static final String GATEWAY_WAN = "198.51.100.2";
    static final String WAN_HOST = "198.51.100.1";
    static final String LAN_IF = "pllivel0";
    static final String WAN_IF = "pllivew0";
    static final String LAN = PREFIX + "lan";
    static final String GATEWAY = PREFIX + "gw";
    static final String WAN = PREFIX + "wan";

    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<Process, BufferedReader> readers = new HashMap<>();
    private final Path peerScript;

    GatewayTopology() throws IOException {
        removeLeftovers();
        peerScript = Files.createTempFile("pllive-peer", ".py");
        try (var in = GatewayTopology.class.getResourceAsStream("/gateway/peer.py")) {
            Files.write(peerScript, in.readAllBytes());
        }
        try {
            for (String ns : List.of(LAN, GATEWAY, WAN)) {
                require("ip", "netns", "add", ns);
                namespaces.add(ns);
                require("ip", "-n", ns, "link", "set", "lo", "up");
            }
            require("ip", "link", "add", "pllivelh", "netns", LAN, "type", "veth", "peer", "name", LAN_IF, "netns", GATEWAY);
            require("ip", "link", "add", "pllivewh", "netns", WAN, "type", "veth", "peer", "name", WAN_IF, "netns", GATEWAY);
            require("ip", "-n", LAN, "addr", "add", LAN_HOST + "/24", "dev", "pllivelh");
            require("ip", "-n", GATEWAY, "addr", "add", GATEWAY_LAN + "/24", "dev", LAN_IF);
            require("ip", "-n", GATEWAY, "addr", "add", GATEWAY_WAN + "/24", "dev", WAN_IF);
            require("ip", "-n", WAN, "addr", "add", WAN_HOST + "/24", "dev", "pllivewh");
            require("ip", "-n", LAN, "link", "set", "pllivelh", "up");
            require("ip", "-n", GATEWAY, "link", "set", LAN_IF, "up");
            require("ip", "-n", GATEWAY, "link", "set", WAN_IF, "up");
            require("ip", "-n", WAN, "link", "set", "pllivewh", "up");
            require("ip", "-n", LAN, "route", "add", "default", "via", GATEWAY_LAN);
            require("ip", "-n", GATEWAY, "route", "add", "default", "via", WAN_HOST);
            require("ip", "-n", WAN, "route", "add", "192.168.30.0/24", "via", GATEWAY_WAN);
            require("ip", "netns", "exec", GATEWAY, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static void removeLeftovers() {
        CommandResult list = HostCommands.host().run(List.of("ip", "netns", "list"));
        for (String line : list.stdout().lines().toList()) {
            String name = line.split(" ")[0];
            if (name.startsWith(PREFIX)) {
                HostCommands.host().run(List.of("ip", "netns", "del", name));
            }
        }
    }

    HostCommands gatewayCommands() {
        return HostCommands.inNetworkNamespace(GATEWAY);
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
    }
}
