package dev.palisade.config;

import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Binds {@code NETWORK.IDS_PROXY}: the address allow- and denylists. */
final class IdsProxyBinder {

    static final int MAX_DENYLIST = 1000;
    /** The spec gives no limit for the allowlist; Palisade uses the denylist's. */
    static final int MAX_ALLOWLIST = 1000;

    private static final Set<String> KEYS = Set.of("IPSPFlag", "IPSPStatusFlag", "blockedList", "blockedListFlag", "allowList");

    private IdsProxyBinder() {
    }

    static IdsProxyConfig bind(Fields ids) {
        ids.warnUnknown(KEYS);
        int before = ids.problems().errorCount();
        Optional<Boolean> lists = ids.bool("IPSPFlag", true);
        Optional<Boolean> status = ids.bool("IPSPStatusFlag", false);
        Optional<Boolean> denylistOn = ids.bool("blockedListFlag", true);
        List<IdsProxyConfig.DenylistEntry> denylist = new ArrayList<>();
        ids.array("blockedList", true).ifPresent(elements -> {
            checkSize(ids, "blockedList", elements.size(), MAX_DENYLIST);
            for (Fields.Element element : elements) {
                element.object(ids.problems()).map(IdsProxyBinder::denylistEntry).ifPresent(denylist::add);
            }
        });
        List<Ipv4Address> allowlist = new ArrayList<>();
        ids.array("allowList", true).ifPresent(elements -> {
            checkSize(ids, "allowList", elements.size(), MAX_ALLOWLIST);
            for (Fields.Element element : elements) {
                element.object(ids.problems()).flatMap(entry -> {
                    entry.refuseMisspelt(Set.of("ipAddrSource"));
                    return Addresses.listEntry(entry, "ipAddrSource");
                }).ifPresent(allowlist::add);
            }
        });
        if (ids.problems().errorCount() != before) {
            return null;
        }
        return new IdsProxyConfig(lists.get(), status.orElse(true), denylistOn.get(), denylist, allowlist);
    }

    private static void checkSize(Fields ids, String key, int size, int max) {
        if (size > max) {
            ids.error(key, "has " + size + " entries; at most " + max + " are allowed");
        }
    }

    private static IdsProxyConfig.DenylistEntry denylistEntry(Fields entry) {
        entry.refuseMisspelt(Set.of("ipAddrSource", "timestamp", "signatureName"));
        Optional<Ipv4Address> address = Addresses.listEntry(entry, "ipAddrSource");
        OptionalLong timestamp = entry.integer("timestamp", false, 0, Long.MAX_VALUE);
        boolean timestampOk = timestamp.isPresent() || !entry.has("timestamp");
        Optional<String> signature = entry.string("signatureName", false);
        boolean signatureOk = signature.isPresent() || !entry.has("signatureName");
        if (address.isEmpty() || !timestampOk || !signatureOk) {
            return null;
        }
        return new IdsProxyConfig.DenylistEntry(address.get(), timestamp.orElse(0), signature.orElse(""));
    }
}
