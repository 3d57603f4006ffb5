package dev.palisade.config.model;

import java.util.List;

/**
 * {@code NETWORK.IDS_PROXY}: the address allow- and denylists of the industrial IPS. The lists
 * apply only when {@code listsEnabled} ({@code IPSPFlag}); the denylist only when
 * {@code denylistEnabled} ({@code blockedListFlag}) as well.
 */
public record IdsProxyConfig(
        boolean listsEnabled,
        boolean statusFlag,
        boolean denylistEnabled,
        List<DenylistEntry> denylist,
        List<Ipv4Address> allowlist) {

    public IdsProxyConfig {
        denylist = List.copyOf(denylist);
        allowlist = List.copyOf(allowlist);
    }

    /** One {@code blockedList} entry: the source address, when and by which signature. */
    public record DenylistEntry(Ipv4Address address, long timestamp, String signatureName) {
    }
}
