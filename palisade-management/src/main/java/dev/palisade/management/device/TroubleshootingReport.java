package dev.palisade.management.device;

import java.util.List;

/**
 * What the troubleshooting page shows (the spec's "Viewing the troubleshooting page"): the state of
 * the network components, memory and processes, the network interfaces, the kernel routing table,
 * the firewall rules with their hit counters (the engine's; the kernel's nftables counters too when
 * the live data plane runs), the address translation rules and the cluster. Serialised as the JSON
 * of {@code GET /api/device/troubleshooting}. Texts are as read; absent values are empty strings or -1.
 */
public record TroubleshootingReport(
        String time,
        List<Component> components,
        Memory memory,
        List<ProcessEntry> processes,
        List<NetInterface> interfaces,
        List<Route> routes,
        List<StageCount> systemRules,
        List<FirewallEntry> firewall,
        String kernelRuleset,
        List<NatEntry> nat,
        Cluster cluster) {

    public TroubleshootingReport {
        components = List.copyOf(components);
        processes = List.copyOf(processes);
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        systemRules = List.copyOf(systemRules);
        firewall = List.copyOf(firewall);
        nat = List.copyOf(nat);
    }

    /** A network component and whether it is on ({@code key}: masquerading, ip-forwarding, dhcp-server, dhcp-client). */
    public record Component(String key, boolean enabled) {
    }

    /** Memory and CPU of the host: KiB from /proc/meminfo, load averages and CPU use (percent over a short sample). */
    public record Memory(long totalKiB, long availableKiB, long usedKiB, int processCount, String loadAverage, double cpuPercent) {
    }

    /** One process from /proc/PID/stat: priority and nice, threads, virtual and resident memory, running time and CPU share. */
    public record ProcessEntry(int pid, String name, String state, int priority, int nice, int threads, long virtualKiB,
            long residentKiB, long runningSeconds, double cpuPercent) {
    }

    /** One interface: name, MAC, addresses, flags, MTU and packet counters (-1 when unreadable). */
    public record NetInterface(String name, String mac, List<Address> addresses, boolean up, boolean loopback, boolean broadcast,
            int mtu, long rxPackets, long txPackets) {

        public NetInterface {
            addresses = List.copyOf(addresses);
        }
    }

    /** An address of an interface with its prefix length, netmask (IPv4) and broadcast address (IPv4, or ""). */
    public record Address(String address, int prefixLength, String netmask, String broadcast) {
    }

    /** A kernel route: family, destination and prefix, gateway, interface, metric, status (active/error) and type (static/dynamic). */
    public record Route(String family, String destination, int prefixLength, String netmask, String gateway, String iface, long metric,
            String status, String type) {
    }

    /** Decisions the engine's built-in chains took, per stage (the system firewall rules). */
    public record StageCount(String stage, long packets) {
    }

    /** A configured (custom) firewall rule with its hits in the engine. */
    public record FirewallEntry(int number, boolean enabled, String action, String protocol, String source, String sourcePort,
            String destination, String destinationPort, String zone, long hits) {
    }

    /** A port-forwarding (address translation) rule with its hits in the engine. */
    public record NatEntry(String iface, int externalPort, String protocol, String destination, int destinationPort, String comment,
            long hits) {
    }

    /** The failover cluster: configured or not, its address and mask, this device's role. */
    public record Cluster(boolean configured, String address, String netmask, String role) {
    }
}
