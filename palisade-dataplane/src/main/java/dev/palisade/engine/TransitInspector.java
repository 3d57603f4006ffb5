package dev.palisade.engine;

/**
 * The engine's hook for an intrusion-prevention system (the Network Protector): called for every
 * transit packet the firewall chain accepted, at stage {@code ips-block}, with the IPv4 packet as
 * it appears on the LAN side of the gateway (a packet arriving from the LAN before NAT, one
 * arriving from the WAN after NAT), so that a flow keeps one pair of addresses in both directions
 * and rules about {@code $HOME_NET} see the protected hosts' own addresses. The inspector says what
 * its rules decided through a reused {@link Result}; the engine decides what that means (allowlist,
 * monitor switch, denylist). Called only on the engine's thread; must not throw and should not
 * allocate per packet.
 */
public interface TransitInspector {

    /** What the inspector's rules decided for a packet. */
    enum Action {
        /** No rule matched, or a pass rule did: the packet goes on. */
        PASS,
        /** A rule matched that only records. */
        ALERT,
        /** A rule matched that drops the packet. */
        DROP,
        /** A rule matched that drops the packet and resets its connection. */
        REJECT
    }

    /**
     * Inspects the IPv4 packet {@code buffer[l3Offset, l3Offset + l3Length)} seen at packet time
     * {@code timeNanos}. The returned result may be the same instance every time; it is read
     * before the next call.
     */
    Result inspect(byte[] buffer, int l3Offset, int l3Length, long timeNanos);

    /**
     * A reusable outcome: the action and, unless it is {@link Action#PASS}, the deciding rule's
     * sid and signature name (its {@code msg}).
     */
    final class Result {
        private Action action = Action.PASS;
        private long sid;
        private String signature;

        /** Sets the outcome and returns this result. */
        public Result set(Action action, long sid, String signature) {
            this.action = action;
            this.sid = sid;
            this.signature = signature;
            return this;
        }

        /** Sets "nothing matched" and returns this result. */
        public Result pass() {
            return set(Action.PASS, 0, null);
        }

        public Action action() {
            return action;
        }

        public long sid() {
            return sid;
        }

        /** The deciding rule's message, or null when it has none or nothing matched. */
        public String signature() {
            return signature;
        }
    }
}
