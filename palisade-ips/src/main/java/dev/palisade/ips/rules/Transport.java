package dev.palisade.ips.rules;

/**
 * The transport a rule applies to, derived from its header protocol: {@code tcp}, {@code modbus}
 * and {@code mqtt} rules apply to TCP, {@code udp} rules to UDP and {@code ip} rules to every IPv4
 * packet. The matcher buckets rules by it.
 */
public enum Transport {
    TCP,
    UDP,
    ANY
}
