package dev.palisade.policy;

/**
 * The stages of the traffic-processing procedure, named as in every output. A packet meets them
 * in the order of its chain and the first stage that decides wins. The last group are outcomes
 * outside the procedure: a frame refused before policy, a fragment never completed, a packet the
 * gateway could not forward after the policy accepted it.
 */
public enum Stage {
    DIAGNOSTIC_ALLOW("diagnostic-allow"),
    OUTGOING_ALLOW("outgoing-allow"),
    PRESET_ALLOW("preset-allow"),
    VPN_ALLOW("vpn-allow"),
    APP_PROTO_DENY("app-proto-deny"),
    EMERGENCY_DENY("emergency-deny"),
    IP_ALLOWLIST("ip-allowlist"),
    IP_DENYLIST("ip-denylist"),
    NAT_ALLOW("nat-allow"),
    CUSTOM_DENY("custom-deny"),
    CUSTOM_ALLOW("custom-allow"),
    PRESET_SERVICE_ALLOW("preset-service-allow"),
    ESTABLISHED_ALLOW("established-allow"),
    PRESET_BLOCK("preset-block"),
    LOCAL_OUT("local-out"),
    NO_TRANSIT("no-transit"),
    /** The industrial IPS is installed but not running or not configured: transit is blocked. */
    IPS_STOPPED("ips-stopped"),
    /** A transit packet the firewall chain accepted matched a drop or reject rule of the IPS. */
    IPS_BLOCK("ips-block"),
    /** Refused before policy: truncated or inconsistent headers, bad checksums. */
    MALFORMED("malformed"),
    /** A fragment whose datagram was never completed or was refused by reassembly. */
    REASSEMBLY("reassembly"),
    /** Accepted, but no route to the destination. */
    NO_ROUTE("no-route"),
    /** Accepted, but the TTL would reach zero on forwarding. */
    TTL_EXCEEDED("ttl-exceeded"),
    /** Accepted, but larger than the MTU with "don't fragment" set. */
    FRAGMENTATION_NEEDED("fragmentation-needed"),
    /** Accepted, but masquerading found no free port, or the connection table was full. */
    NAT_FAILED("nat-failed");

    private final String key;

    Stage(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
