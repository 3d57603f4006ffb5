package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.live.gateway.HostReadiness;
import dev.palisade.live.gateway.LiveGatewayException;
import dev.palisade.live.nft.CommandResult;
import dev.palisade.live.nft.HostCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade lab}: a demonstration network in network namespaces named {@code pllab*},
 * with the live gateway between a plant LAN and a WAN:
 *
 * <pre>
 *  pllabplc    192.168.50.10  Modbus/TCP server (scripts/lab/modbus_plc.py)  ┐
 *  pllabsensor 192.168.50.20  mosquitto_pub every 2 s to the SCADA broker    ┴ bridge pllablan ─ pllabgw ─ bridge pllabwan ┬ pllabscada   203.0.113.10  Mosquitto broker, HTTP server, Modbus client
 *                                                                                 192.168.50.1   203.0.113.2              └ pllabattacker 203.0.113.66 (on the denylist)
 * </pre>
 *
 * The gateway namespace runs {@code palisade run --live --lan pllablan --wan pllabwan} (this
 * jar, a JVM of its own) on {@code scripts/lab/lab-config.json}: masquerading, the PLC's port 502
 * forwarded, HTTP blocked, the attacker on the denylist. Everything the lab starts is recorded in
 * {@code /run/pllab}; {@code --down} stops it (the gateway with SIGTERM, so it removes its rules)
 * and deletes the namespaces.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, description = "Build (or, with --down, remove) the live demonstration network (root).")
final class LabCommand implements Callable<Integer> {

    static final String PREFIX = "pllab";
    static final Path STATE = Path.of("/run/pllab");

    @Option(names = "--down", description = "stop the lab and remove its namespaces")
    boolean down;

    @Option(names = "--scripts", paramLabel = "DIR", description = "the lab's scripts (default: scripts/lab beside the jar's project, or ./scripts/lab)")
    Path scripts;

    private final HostCommands host = HostCommands.host();

    @Override
    public Integer call() throws IOException, InterruptedException {
        try {
            HostReadiness.requireRootAndTools();
        } catch (LiveGatewayException e) {
            System.err.println("palisade: " + e.getMessage());
            return LiveMode.EXIT_HOST_NOT_READY;
        }
        if (down) {
            tearDown();
            System.out.println("palisade lab: removed");
            return 0;
        }
        Path dir = scripts != null ? scripts : findScripts();
        if (dir == null || !Files.isRegularFile(dir.resolve("lab-config.json"))) {
            System.err.println("palisade: lab scripts not found (looked for scripts/lab/lab-config.json); give --scripts DIR");
            return Main.EXIT_BAD_INPUT;
        }
        for (String tool : List.of("mosquitto", "mosquitto_pub", "setsid")) {
            if (!host.run(List.of("sh", "-c", "command -v " + tool)).succeeded()) {
                System.err.println("palisade: '" + tool + "' is not installed (apt-get install mosquitto mosquitto-clients util-linux)");
                return LiveMode.EXIT_HOST_NOT_READY;
            }
        }
        tearDown();
        Files.createDirectories(STATE.resolve("var"));
        try {
            ConfigDocument doc = ConfigDocument.read(dir.resolve("lab-config.json"));
            doc.writeAtomically(STATE.resolve("var/config.json"));
        } catch (ConfigException e) {
            System.err.println("palisade: the lab configuration is invalid:");
            for (ConfigError error : e.errors()) {
                System.err.println("  " + error);
            }
            return Main.EXIT_BAD_INPUT;
        }
        buildNetwork();
        startGateway();
        if (!waitForGateway()) {
            System.err.println("palisade: the lab gateway did not start; its log:");
            System.err.println(Files.readString(STATE.resolve("gateway.log")));
            tearDown();
            return 1;
        }
        require("ip", "netns", "exec", PREFIX + "gw", "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        startPrograms(dir);
        printGuide(dir);
        return 0;
    }

    private void buildNetwork() {
        for (String ns : List.of("gw", "plc", "sensor", "scada", "attacker")) {
            require("ip", "netns", "add", PREFIX + ns);
            require("ip", "-n", PREFIX + ns, "link", "set", "lo", "up");
        }
        String gw = PREFIX + "gw";
        require("ip", "-n", gw, "link", "add", "pllablan", "type", "bridge");
        require("ip", "-n", gw, "link", "add", "pllabwan", "type", "bridge");
        require("ip", "-n", gw, "addr", "add", "192.168.50.1/24", "dev", "pllablan");
        require("ip", "-n", gw, "addr", "add", "203.0.113.2/24", "dev", "pllabwan");
        host("plc", "192.168.50.10", "pllablan", "192.168.50.1");
        host("sensor", "192.168.50.20", "pllablan", "192.168.50.1");
        host("scada", "203.0.113.10", "pllabwan", null);
        host("attacker", "203.0.113.66", "pllabwan", null);
        require("ip", "-n", gw, "link", "set", "pllablan", "up");
        require("ip", "-n", gw, "link", "set", "pllabwan", "up");
        // The WAN hosts know the LAN only through the gateway's forwarded port (no route to 192.168.50.0/24).
        // Forwarding is turned on only once the gateway's rules are in (startPrograms): before, it would route untranslated.
    }

    /** One host: a veth from its namespace into the gateway's bridge of its side. */
    private void host(String name, String address, String bridge, String defaultRoute) {
        String ns = PREFIX + name;
        String inside = PREFIX + name.substring(0, 3) + "0";
        String port = PREFIX + name.substring(0, 3) + "1";
        require("ip", "link", "add", inside, "netns", ns, "type", "veth", "peer", "name", port, "netns", PREFIX + "gw");
        require("ip", "-n", PREFIX + "gw", "link", "set", port, "master", bridge, "up");
        require("ip", "-n", ns, "addr", "add", address + "/24", "dev", inside);
        require("ip", "-n", ns, "link", "set", inside, "up");
        if (defaultRoute != null) {
            require("ip", "-n", ns, "route", "add", "default", "via", defaultRoute);
        }
    }

    private void startPrograms(Path dir) throws IOException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Path broker = STATE.resolve("mosquitto.conf");
        Files.writeString(broker, "listener 1883 0.0.0.0\nallow_anonymous true\npersistence false\n", StandardCharsets.UTF_8);
        background("scada", "broker", "mosquitto", "-c", broker.toString());
        Path www = Files.createDirectories(STATE.resolve("www"));
        Files.writeString(www.resolve("index.html"), "SCADA web page\n", StandardCharsets.UTF_8);
        background("scada", "http", python, "-m", "http.server", "--bind", "203.0.113.10", "--directory", www.toString(), "80");
        background("plc", "plc", python, dir.resolve("modbus_plc.py").toString(), "192.168.50.10", "502");
        background("sensor", "sensor", "sh", "-c",
                "i=0; while true; do i=$((i+1)); mosquitto_pub -h 203.0.113.10 -t plant/sensor/temperature -m \"$((200 + i % 50))\" "
                        + "|| echo publish failed; sleep 2; done");
    }

    private void startGateway() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        background("gw", "gateway", java, "--enable-native-access=ALL-UNNAMED", "-jar", jarPath().toString(),
                "run", "--live", "--lan", "pllablan", "--wan", "pllabwan", "--data", STATE.resolve("var").toString());
    }

    /** Starts {@code argv} in namespace pllab{@code ns} in a session of its own, output to /run/pllab/NAME.log, pid recorded. */
    private void background(String ns, String name, String... argv) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", PREFIX + ns));
        command.addAll(List.of(argv));
        Path log = STATE.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Files.writeString(STATE.resolve(name + ".pid"), Long.toString(p.pid()), StandardCharsets.UTF_8);
    }

    private boolean waitForGateway() throws IOException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            String log = Files.exists(STATE.resolve("gateway.log")) ? Files.readString(STATE.resolve("gateway.log")) : "";
            if (log.contains("live: LAN")) {
                return true;
            }
            if (log.contains("cannot start") || !processAlive("gateway")) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private boolean processAlive(String name) throws IOException {
        Path pid = STATE.resolve(name + ".pid");
        return Files.exists(pid) && ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).map(ProcessHandle::isAlive).orElse(false);
    }

    private void tearDown() throws IOException, InterruptedException {
        if (Files.isDirectory(STATE)) {
            // The gateway first, with SIGTERM, so that its shutdown hook removes its rules; then the rest.
            for (String name : List.of("gateway", "sensor", "plc", "http", "broker")) {
                Path pid = STATE.resolve(name + ".pid");
                if (Files.exists(pid)) {
                    var handle = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
                    if (handle.isPresent()) {
                        // Children first (the sensor's shell runs mosquitto_pub), then the process itself.
                        handle.get().descendants().forEach(ProcessHandle::destroy);
                        handle.get().destroy();
                        try {
                            handle.get().onExit().get(10, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                            handle.get().destroyForcibly();
                        }
                    }
                    Files.delete(pid);
                }
            }
        }
        CommandResult list = host.run(List.of("ip", "netns", "list"));
        for (String line : list.stdout().lines().toList()) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(PREFIX)) {
                host.run(List.of("ip", "netns", "del", ns));
            }
        }
    }

    private void printGuide(Path dir) {
        String client = "/usr/bin/python3 " + dir.resolve("modbus_client.py");
        System.out.println("""
                palisade lab: running (namespaces pllab*, state and logs in /run/pllab)

                  plant LAN 192.168.50.0/24: PLC 192.168.50.10 (Modbus/TCP 502), sensor 192.168.50.20 (MQTT publisher)
                  WAN 203.0.113.0/24: SCADA 203.0.113.10 (Mosquitto broker, web server), attacker 203.0.113.66
                  gateway pllabgw: LAN 192.168.50.1, WAN 203.0.113.2; PLC's 502 forwarded; HTTP blocked; attacker denylisted

                Allowed:
                  ip netns exec pllabscada %1$s 203.0.113.2 502 read 0 5      # SCADA reads the PLC through the port forward
                  ip netns exec pllabscada mosquitto_sub -h 203.0.113.10 -t 'plant/#' -v -C 3   # the sensor's readings arrive (masqueraded)
                Blocked:
                  ip netns exec pllabattacker %1$s 203.0.113.2 502 write 1 666   # denylist: no answer
                  ip netns exec pllabplc /usr/bin/python3 -c "import urllib.request; urllib.request.urlopen('http://203.0.113.10/', timeout=3)"
                                                                                # HTTP from the plant: connection reset (application protocol)
                  ip netns exec pllabplc /usr/bin/python3 -c "import socket; socket.create_connection(('203.0.113.10', 23), 3)"
                                                                                # telnet out: custom deny rule, times out
                  ip netns exec pllabscada /usr/bin/python3 -c "import socket; socket.create_connection(('192.168.50.10', 502), 3)"
                                                                                # the LAN is not reachable directly
                Kernel counters per stage and rule:
                  ip netns exec pllabgw nft list table inet palisade
                Gateway log: /run/pllab/gateway.log (the web interface and audit log will show the same once they attach to the live gateway)
                Remove everything: ./palisade lab --down
                """.formatted(client));
    }

    private Path findScripts() {
        List<Path> candidates = new ArrayList<>();
        Path jar = jarPath();
        if (jar != null && jar.getParent() != null && jar.getParent().getParent() != null && jar.getParent().getParent().getParent() != null) {
            candidates.add(jar.getParent().getParent().getParent().resolve("scripts/lab"));
        }
        candidates.add(Path.of("scripts/lab").toAbsolutePath());
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("lab-config.json"))).findFirst().orElse(null);
    }

    private static Path jarPath() {
        try {
            return Path.of(LabCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (java.net.URISyntaxException | SecurityException e) {
            return null;
        }
    }

    private void require(String... argv) {
        host.require(List.of(argv), null, "building the lab");
    }
}
