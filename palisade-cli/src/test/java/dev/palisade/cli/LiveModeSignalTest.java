package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.live.gateway.HostReadiness;
import dev.palisade.live.nft.HostCommands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code palisade run --live} in a JVM of its own, inside a namespace the test creates
 * ({@code plqsig}, a veth pair as LAN and WAN), stopped with SIGTERM: the shutdown hook must remove
 * Palisade's table and queue rules, leaving {@code nft list ruleset} as it was.
 */
class LiveModeSignalTest {

    private static final String NS = "plqsig";

    @TempDir
    Path data;

    @BeforeEach
    void namespace() {
        Assumptions.assumeTrue(HostReadiness.isRoot(), "needs root to create a network namespace");
        HostCommands.host().run(List.of("ip", "netns", "del", NS));
        HostCommands.host().require(List.of("ip", "netns", "add", NS), null, "test setup");
        HostCommands ns = HostCommands.inNetworkNamespace(NS);
        // the management service listens on loopback, which a new namespace has down
        ns.require(List.of("ip", "link", "set", "lo", "up"), null, "test setup");
        // Both ends of one veth pair stand for the LAN and the WAN (no dummy driver on every kernel).
        ns.require(List.of("ip", "link", "add", "plqsigl0", "type", "veth", "peer", "name", "plqsigw0"), null, "test setup");
        for (String[] link : new String[][] {{"plqsigl0", "192.168.1.1/24"}, {"plqsigw0", "198.51.100.2/24"}}) {
            ns.require(List.of("ip", "addr", "add", link[1], "dev", link[0]), null, "test setup");
            ns.require(List.of("ip", "link", "set", link[0], "up"), null, "test setup");
        }
    }

    @AfterEach
    void removeNamespace() {
        HostCommands.host().run(List.of("ip", "netns", "del", NS));
    }

    @Test
    void sigtermRemovesEverythingTheLiveGatewayLoaded() throws Exception {
        HostCommands ns = HostCommands.inNetworkNamespace(NS);
        String before = ns.run(List.of("nft", "list", "ruleset")).stdout();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder("ip", "netns", "exec", NS, java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--live",
                "--lan", "plqsigl0", "--wan", "plqsigw0").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("live: LAN")) {
                    break;
                }
            }
            assertThat(seen.toString()).contains("live: LAN plqsigl0, WAN plqsigw0");
            assertThat(ns.run(List.of("nft", "list", "table", "inet", "palisade")).succeeded()).as("table loaded").isTrue();
            // SIGTERM to the JVM (ip netns exec replaced itself with it); not Process.destroy, which closes our pipe
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(out.lines().toList()).contains("palisade: live data plane stopped, host rules removed");
            assertThat(ns.run(List.of("nft", "list", "ruleset")).stdout()).isEqualTo(before);
        } finally {
            p.destroyForcibly();
        }
    }
}
