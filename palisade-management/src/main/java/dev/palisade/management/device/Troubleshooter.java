package dev.palisade.management.device;

import dev.palisade.config.model.CarpConfig;
import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.PortForwardRule;
import dev.palisade.engine.EngineCounters;
import dev.palisade.management.device.TroubleshootingReport.Address;
import dev.palisade.management.device.TroubleshootingReport.Cluster;
import dev.palisade.management.device.TroubleshootingReport.Component;
import dev.palisade.management.device.TroubleshootingReport.FirewallEntry;
import dev.palisade.management.device.TroubleshootingReport.Memory;
import dev.palisade.management.device.TroubleshootingReport.NatEntry;
import dev.palisade.management.device.TroubleshootingReport.NetInterface;
import dev.palisade.management.device.TroubleshootingReport.ProcessEntry;
import dev.palisade.management.device.TroubleshootingReport.Route;
import dev.palisade.management.device.TroubleshootingReport.StageCount;
import dev.palisade.policy.Stage;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Collects a {@link TroubleshootingReport} without a shell: interfaces from the JDK (addresses,
 * MTU, flags) and their packet counters from {@code /sys/class/net}; routes from
 * {@code /proc/net/route} and {@code /proc/net/ipv6_route}; memory, load and processes from
 * {@code /proc}; firewall and address translation rules from the configuration in force with the
 * engine's per-rule hit counters; the kernel's nftables listing from a supplier (the runner's, when
 * the live data plane runs). Lines of the kernel tables that cannot be read are skipped, never fatal.
 * The file system root is a parameter so tests can point it at a fixture.
 */
public final class Troubleshooter {

    /** Processes listed at most (lowest PIDs first); the count in {@link Memory} covers all. */
    public static final int MAX_PROCESSES = 512;
    /** Linux's USER_HZ on every architecture the gateway runs on. */
    private static final int CLOCK_TICKS = 100;
    private static final long PAGE_KIB = 4;

    private final Path root;
    private final Clock clock;
    private final Supplier<String> kernelRuleset;

    /** {@code root} is "/" in production; {@code kernelRuleset} gives the nftables listing or "". */
    public Troubleshooter(Path root, Clock clock, Supplier<String> kernelRuleset) {
        this.root = root;
        this.clock = clock;
        this.kernelRuleset = kernelRuleset;
    }

    /** The report for the configuration in force and the engine's counters now. */
    public TroubleshootingReport report(GatewayConfig config, EngineCounters counters) {
        List<ProcessEntry> processes = processes();
        return new TroubleshootingReport(clock.instant().toString(), components(config), memory(processCount()), processes,
                interfaces(), routes(), systemRules(counters), firewall(config, counters), kernelRuleset.get(), nat(config, counters),
                cluster(config.network().carp()));
    }

    List<Component> components(GatewayConfig config) {
        String forwarding = read("proc/sys/net/ipv4/ip_forward").strip();
        return List.of(new Component("masquerading", config.network().masquerading()),
                new Component("ip-forwarding", forwarding.equals("1")),
                new Component("dhcp-server", config.network().lan().dhcpServer()),
                new Component("dhcp-client", config.network().wan().dhcp()));
    }

    Memory memory(int processCount) {
        long total = -1;
        long available = -1;
        for (String line : read("proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                total = kib(line);
            } else if (line.startsWith("MemAvailable:")) {
                available = kib(line);
            }
        }
        String[] load = read("proc/loadavg").strip().split("\\s+");
        String loadAverage = load.length >= 3 ? load[0] + " " + load[1] + " " + load[2] : "";
        return new Memory(total, available, total >= 0 && available >= 0 ? total - available : -1, processCount, loadAverage, cpuPercent());
    }

    private static long kib(String line) {
        String[] parts = line.split("\\s+");
        return parts.length >= 2 ? parseLong(parts[1]) : -1;
    }

    /** CPU use over a 100 ms sample of the aggregate "cpu" line of /proc/stat. */
    private double cpuPercent() {
        long[] first = cpuTimes();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        long[] second = cpuTimes();
        long total = second[0] - first[0];
        long idle = second[1] - first[1];
        if (first[0] < 0 || second[0] < 0 || total <= 0) {
            return -1;
        }
        return Math.round(1000.0 * (total - idle) / total) / 10.0;
    }

    private long[] cpuTimes() {
        for (String line : read("proc/stat").split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Math.max(0, parseLong(f[i]));
                }
                long idle = f.length > 5 ? Math.max(0, parseLong(f[4])) + Math.max(0, parseLong(f[5])) : 0;
                return new long[] {total, idle};
            }
        }
        return new long[] {-1, -1};
    }

    private int processCount() {
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root.resolve("proc"), p -> isNumber(p.getFileName().toString()))) {
            for (Path ignored : dir) {
                n++;
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    List<ProcessEntry> processes() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root.resolve("proc"), p -> isNumber(p.getFileName().toString()))) {
            for (Path p : dir) {
                pids.add(Integer.parseInt(p.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
        Collections.sort(pids);
        double uptime = parseDouble(read("proc/uptime").split("\\s+")[0]);
        List<ProcessEntry> out = new ArrayList<>();
        for (int pid : pids) {
            if (out.size() == MAX_PROCESSES) {
                break;
            }
            ProcessEntry e = process(pid, read("proc/" + pid + "/stat"), uptime);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** One line of /proc/PID/stat; null when it cannot be read (the process ended meanwhile). */
    static ProcessEntry process(int pid, String stat, double uptime) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > stat.length()) {
            return null;
        }
        String name = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        if (f.length < 22) {
            return null;
        }
        // f[0] is field 3 (state) of proc(5); field n is f[n - 3].
        long utime = parseLong(f[11]);
        long stime = parseLong(f[12]);
        long start = parseLong(f[19]);
        double running = uptime - start / (double) CLOCK_TICKS;
        double cpu = running > 0 ? Math.round(1000.0 * (utime + stime) / CLOCK_TICKS / running) / 10.0 : 0;
        return new ProcessEntry(pid, name.replaceAll("\\p{Cntrl}", "?"), f[0], (int) parseLong(f[15]), (int) parseLong(f[16]),
                (int) parseLong(f[17]), parseLong(f[20]) / 1024, parseLong(f[21]) * PAGE_KIB, Math.max(0, (long) running), cpu);
    }

    List<NetInterface> interfaces() {
        List<NetInterface> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                List<Address> addresses = new ArrayList<>();
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    boolean v4 = a.getAddress() instanceof Inet4Address;
                    String host = a.getAddress().getHostAddress();
                    int scope = host.indexOf('%');
                    addresses.add(new Address(scope < 0 ? host : host.substring(0, scope), a.getNetworkPrefixLength(),
                            v4 ? dotted(Ipv4Prefix.maskOf(a.getNetworkPrefixLength())) : "",
                            a.getBroadcast() == null ? "" : a.getBroadcast().getHostAddress()));
                }
                byte[] mac = nif.getHardwareAddress();
                String name = nif.getName();
                out.add(new NetInterface(name, mac == null ? "" : HexFormat.ofDelimiter(":").formatHex(mac), addresses, nif.isUp(),
                        nif.isLoopback(), !nif.isLoopback() && !nif.isPointToPoint(), nif.getMTU(), counter(name, "rx_packets"),
                        counter(name, "tx_packets")));
            }
        } catch (SocketException e) {
            return out;
        }
        out.sort(java.util.Comparator.comparing(NetInterface::name));
        return out;
    }

    private long counter(String iface, String name) {
        if (!iface.matches("[A-Za-z0-9._@-]{1,15}") || iface.equals(".") || iface.equals("..")) {
            return -1;
        }
        String text = read("sys/class/net/" + iface + "/statistics/" + name).strip();
        return text.isEmpty() ? -1 : parseLong(text);
    }

    List<Route> routes() {
        List<Route> out = new ArrayList<>();
        String[] v4 = read("proc/net/route").split("\n");
        for (int i = 1; i < v4.length; i++) {
            Route r = ipv4Route(v4[i]);
            if (r != null) {
                out.add(r);
            }
        }
        for (String line : read("proc/net/ipv6_route").split("\n")) {
            Route r = ipv6Route(line);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** A line of /proc/net/route: addresses are hexadecimal in host byte order. */
    static Route ipv4Route(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8) {
            return null;
        }
        try {
            int destination = hostOrder(f[1]);
            int gateway = hostOrder(f[2]);
            int flags = Integer.parseInt(f[3], 16);
            int mask = hostOrder(f[7]);
            int length = Integer.bitCount(mask);
            return new Route("ipv4", dotted(destination), length, dotted(mask), gateway == 0 ? "" : dotted(gateway), f[0],
                    Long.parseLong(f[6]), status(flags), type(flags));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A line of /proc/net/ipv6_route: destination, its length, source, its length, next hop, metric, refs, use, flags, interface. */
    static Route ipv6Route(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || f[0].length() != 32 || f[4].length() != 32) {
            return null;
        }
        try {
            int length = Integer.parseInt(f[1], 16);
            int flags = (int) Long.parseLong(f[8], 16);
            String nextHop = ipv6(f[4]);
            return new Route("ipv6", ipv6(f[0]), length, "", nextHop.equals("::") ? "" : nextHop, f[9], Long.parseLong(f[5], 16),
                    status(flags), type(flags));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String status(int flags) {
        // RTF_UP = 0x1; RTF_REJECT = 0x200 marks an unreachable (error) route.
        return (flags & 0x1) != 0 && (flags & 0x200) == 0 ? "active" : "error";
    }

    private static String type(int flags) {
        // RTF_DYNAMIC = 0x10 and RTF_MODIFIED = 0x20 are set by redirects.
        return (flags & 0x30) != 0 ? "dynamic" : "static";
    }

    private static int hostOrder(String hex) {
        int v = (int) Long.parseLong(hex, 16);
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(v) : v;
    }

    private static String ipv6(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        try {
            return java.net.InetAddress.getByAddress(bytes).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<StageCount> systemRules(EngineCounters counters) {
        List<StageCount> out = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            out.add(new StageCount(stage.name().toLowerCase(Locale.ROOT).replace('_', '-'), counters.stage(stage)));
        }
        return out;
    }

    static List<FirewallEntry> firewall(GatewayConfig config, EngineCounters counters) {
        long[] hits = counters.firewallRuleHits();
        List<FirewallRule> rules = config.network().firewallRules();
        List<FirewallEntry> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            FirewallRule r = rules.get(i);
            out.add(new FirewallEntry(i + 1, r.enabled(), r.action().key(), r.protocol().key(), r.source().toString(),
                    r.sourcePort().toString(), r.destination().toString(), r.destinationPort().toString(), r.zone().key(),
                    i < hits.length ? hits[i] : 0));
        }
        return out;
    }

    static List<NatEntry> nat(GatewayConfig config, EngineCounters counters) {
        long[] hits = counters.portForwardRuleHits();
        List<PortForwardRule> rules = config.network().portForwards();
        List<NatEntry> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            PortForwardRule r = rules.get(i);
            out.add(new NatEntry(r.zone(), r.externalPort(), r.protocol().key(), r.internalAddress().toString(), r.internalPort(),
                    r.comment(), i < hits.length ? hits[i] : 0));
        }
        return out;
    }

    static Cluster cluster(CarpConfig carp) {
        // Palisade has no failover cluster: a configured cluster is reported, and the device stands alone.
        return new Cluster(carp.enabled(), carp.enabled() ? carp.ip().toString() : "", carp.enabled() ? carp.mask().toString() : "",
                "standalone");
    }

    private String read(String relative) {
        try {
            Path file = root.resolve(relative);
            try (var in = Files.newInputStream(file)) {
                return new String(in.readNBytes(4 * 1024 * 1024), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String dotted(int v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The kernel's ruleset of the live data plane ({@code nft list table inet palisade}, with its
     * counters), run without a shell; "" when nft is missing or fails. The runner passes this as
     * the kernel ruleset supplier while {@code --live} runs.
     */
    public static String nftListing() {
        Path nft = List.of(Path.of("/usr/sbin/nft"), Path.of("/sbin/nft"), Path.of("/usr/bin/nft")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (nft == null) {
            return "";
        }
        try {
            Process p = new ProcessBuilder(nft.toString(), "list", "table", "inet", "palisade").redirectErrorStream(true).start();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readNBytes(512 * 1024);
            }
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? new String(out, java.nio.charset.StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
