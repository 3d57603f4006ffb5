package dev.palisade.live.nft;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Three namespaces joined by veth pairs, built by the test itself:
 *
 * <pre>
 *  plnftlan (192.168.10.10) ─ plnftlh0 ══ plnftl0 ─ plnftgw ─ plnftw0 ══ plnftwh0 ─ plnftwan (198.51.100.1)
 *                                    192.168.10.1 (LAN)   198.51.100.2 (WAN)
 * </pre>
 *
 * The gateway forwards (ip_forward on) and its default route is the WAN host, as
 * {@code NETWORK.WAN.DefaultGateway} says. The WAN host routes the LAN subnet to the gateway, so
 * it can try to reach LAN hosts directly. Peers are python3 programs ({@code e2e/peer.py}); every
 * process started here is ended on {@link #close()}, and the namespaces with it.
 */
final class LiveTopology implements AutoCloseable {

    static final String LAN_HOST = "192.168.10.10";
    static final String GATEWAY_LAN = "192.168.10.1";
    static final String GATEWAY_WAN = "198.51.100.2";
    static final String WAN_HOST = "198.51.100.1";
    static final String LAN_IF = "plnftl0";
    static final String WAN_IF = "plnftw0";

    private final TestNamespaces namespaces = new TestNamespaces();
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Map<Process, BufferedReader> readers = new java.util.HashMap<>();
    private final Path peerScript;
    final String lan;
    final String gateway;
    final String wan;

    LiveTopology() throws IOException {
        TestNamespaces.removeLeftovers();
        peerScript = Files.createTempFile("plnft-peer", ".py");
        try (var in = LiveTopology.class.getResourceAsStream("/e2e/peer.py")) {
            Files.write(peerScript, in.readAllBytes());
        }
        lan = namespaces.create("lan");
        gateway = namespaces.create("gw");
        wan = namespaces.create("wan");
        TestNamespaces.require("ip", "link", "add", "plnftlh0", "netns", lan, "type", "veth", "peer", "name", LAN_IF, "netns", gateway);
        TestNamespaces.require("ip", "link", "add", "plnftwh0", "netns", wan, "type", "veth", "peer", "name", WAN_IF, "netns", gateway);
        TestNamespaces.require("ip", "-n", lan, "addr", "add", LAN_HOST + "/24", "dev", "plnftlh0");
        TestNamespaces.require("ip", "-n", gateway, "addr", "add", GATEWAY_LAN + "/24", "dev", LAN_IF);
        TestNamespaces.require("ip", "-n", gateway, "addr", "add", GATEWAY_WAN + "/24", "dev", WAN_IF);
        TestNamespaces.require("ip", "-n", wan, "addr", "add", WAN_HOST + "/24", "dev", "plnftwh0");
        TestNamespaces.require("ip", "-n", lan, "link", "set", "plnftlh0", "up");
        TestNamespaces.require("ip", "-n", gateway, "link", "set", LAN_IF, "up");
        TestNamespaces.require("ip", "-n", gateway, "link", "set", WAN_IF, "up");
        TestNamespaces.require("ip", "-n", wan, "link", "set", "plnftwh0", "up");
        TestNamespaces.require("ip", "-n", lan, "route", "add", "default", "via", GATEWAY_LAN);
        TestNamespaces.require("ip", "-n", gateway, "route", "add", "default", "via", WAN_HOST);
        TestNamespaces.require("ip", "-n", wan, "route", "add", "192.168.10.0/24", "via", GATEWAY_WAN);
        TestNamespaces.require("ip", "netns", "exec", gateway, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    }

    /** Commands inside the gateway namespace. */
    HostCommands gatewayCommands() {
        return HostCommands.inNetworkNamespace(gateway);
    }

    /** Starts an echo server in {@code ns} on {@code address:port} and waits until it listens. */
    void serve(String ns, String address, int port) throws IOException {
        Process p = start(ns, "serve", address, Integer.toString(port));
        String first = readLine(p, 5);
        if (!"listening".equals(first)) {
            throw new IOException("peer server in " + ns + " did not start: " + first);
        }
    }

    /** Opens a TCP session from {@code ns}; {@link Session#greeting()} says what the server saw or why it failed. */
    Session connect(String ns, String host, int port) throws IOException {
        Process p = start(ns, "session", host, Integer.toString(port));
        return new Session(p, readLine(p, 5));
    }

    /** Opens a TCP session from {@code ns} and local port {@code sourcePort}. */
    Session connect(String ns, String host, int port, int sourcePort) throws IOException {
        Process p = start(ns, "session", host, Integer.toString(port), Integer.toString(sourcePort));
        return new Session(p, readLine(p, 5));
    }

    /** Sends one bare TCP ACK (belonging to no connection) from {@code ns} to {@code host:port}. */
    void sendBareAck(String ns, String host, int port) throws IOException {
        sent(start(ns, "ack", host, Integer.toString(port)));
    }

    /** Sends one TCP segment with {@code flags} from {@code ns}, port {@code sourcePort}, to {@code host:port} (raw socket). */
    void sendSegment(String ns, String host, int port, int sourcePort, int flags) throws IOException {
        sent(start(ns, "ack", host, Integer.toString(port), Integer.toString(sourcePort), Integer.toHexString(flags)));
    }

    private void sent(Process p) throws IOException {
        String line = readLine(p, 5);
        if (!"sent".equals(line)) {
            throw new IOException("could not send a raw TCP segment: " + line);
        }
    }

    /** True when one ICMP echo from {@code ns} to {@code host} is answered within a second (peer.py, no ping binary needed). */
    boolean ping(String ns, String host) throws IOException {
        Process p = start(ns, "ping", host);
        String line = readLine(p, 5);
        if (!"reply".equals(line) && !"none".equals(line)) {
            throw new IOException("ICMP echo from " + ns + " failed: " + line);
        }
        return "reply".equals(line);
    }

    /** A client connection driven line by line. */
    final class Session implements AutoCloseable {
        private final Process process;
        private final String greeting;
        private final Writer in;

        Session(Process process, String greeting) {
            this.process = process;
            this.greeting = greeting;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** "peer ADDRESS" as the server saw the client, or "failed REASON". */
        String greeting() {
            return greeting;
        }

        /** Sends a line; "ok" when echoed, "timeout" when not within 2 s. */
        String exchange(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            return readLine(process, 5);
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
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no-answer";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "no-answer";
        }
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
        namespaces.close();
        Files.deleteIfExists(peerScript);
    }
}
