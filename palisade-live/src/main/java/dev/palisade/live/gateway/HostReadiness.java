package dev.palisade.live.gateway;

import dev.palisade.live.nft.CommandResult;
import dev.palisade.live.nft.HostCommands;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the host must offer before the live gateway touches anything: root (nftables, NFQUEUE and
 * raw sockets need CAP_NET_ADMIN and CAP_NET_RAW; Palisade asks for root rather than guessing
 * capabilities), the tools {@code nft}, {@code iptables-nft}, {@code iptables-nft-restore} and
 * {@code ip}, the network namespace when one is named, and the LAN and WAN interfaces. Each
 * failure is a {@link LiveGatewayException} saying what to do.
 */
public final class HostReadiness {

    /** Programs the live gateway runs, with the Debian package that brings each. */
    static final List<List<String>> TOOLS = List.of(List.of("nft", "nftables"), List.of("iptables-nft", "iptables"),
            List.of("iptables-nft-restore", "iptables"), List.of("ip", "iproute2"));

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private HostReadiness() {
    }

    /** True when this process runs with effective user id 0 (from {@code /proc/self/status}). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Throws unless root and every tool is installed. */
    public static void requireRootAndTools() {
        if (!isRoot()) {
            throw new LiveGatewayException("the live data plane needs root (it loads nftables rules, binds NFQUEUE queues "
                    + "and opens a raw socket): run it with sudo or as root");
        }
        for (List<String> tool : TOOLS) {
            if (findOnPath(tool.get(0)) == null) {
                throw new LiveGatewayException("'" + tool.get(0) + "' is not installed (Debian package " + tool.get(1)
                        + ": apt-get install " + tool.get(1) + ")");
            }
        }
    }

    /** Throws unless the named namespace exists (null: nothing to check). */
    public static void requireNamespace(String namespace) {
        if (namespace != null && !Files.exists(Path.of("/run/netns", namespace))) {
            throw new LiveGatewayException("network namespace '" + namespace + "' does not exist (ip netns list)");
        }
    }

    /**
     * The kernel index of interface {@code name} where {@code commands} run, or an exception
     * naming the side and the interfaces that do exist.
     */
    public static int interfaceIndex(HostCommands commands, String side, String name) {
        CommandResult r = commands.run(List.of("ip", "-j", "link", "show", "dev", name));
        if (r.succeeded()) {
            try {
                JsonNode links = JSON.readTree(r.stdout());
                if (links.isArray() && !links.isEmpty() && links.get(0).path("ifindex").isInt()) {
                    return links.get(0).path("ifindex").asInt();
                }
            } catch (JacksonException e) {
                throw new LiveGatewayException("cannot read 'ip -j link' output for " + name + ": " + e.getOriginalMessage(), e);
            }
        }
        CommandResult all = commands.run(List.of("ip", "-o", "link", "show"));
        String names = all.stdout().lines().map(l -> l.split(":\\s*", 3)).filter(p -> p.length > 1)
                .map(p -> p[1].replaceAll("@.*", "")).reduce((a, b) -> a + ", " + b).orElse("none");
        throw new LiveGatewayException(side + " interface '" + name + "' does not exist"
                + (commands.namespace() == null ? "" : " in namespace " + commands.namespace()) + " (interfaces: " + names + ")");
    }

    private static Path findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
