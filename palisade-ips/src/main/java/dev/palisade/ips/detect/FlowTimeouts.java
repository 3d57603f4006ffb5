package dev.palisade.ips.detect;

/**
 * How long the {@link Protector} keeps a flow that sees no packet, in seconds of packet time, as
 * Suricata's {@code flow-timeouts} section: a TCP flow before and after its handshake completed
 * ({@code tcp.new}, {@code tcp.established}; a connection picked up midstream counts as
 * established), a UDP flow before and after both sides spoke ({@code udp.new},
 * {@code udp.established}). Immutable.
 *
 * @param tcpNew         TCP flow not yet established
 * @param tcpEstablished established TCP flow
 * @param udpNew         UDP flow that has seen one side only
 * @param udpEstablished UDP flow that has seen both sides
 */
public record FlowTimeouts(int tcpNew, int tcpEstablished, int udpNew, int udpEstablished) {

    /** The longest timeout accepted: a week. */
    public static final int MAX_SECONDS = 7 * 24 * 3600;

    /** The values of Suricata's shipped {@code suricata.yaml}: TCP 60 s / 600 s, UDP 30 s / 300 s (the gateway's). */
    public static final FlowTimeouts SHIPPED = new FlowTimeouts(60, 600, 30, 300);

    /**
     * Suricata's built-in values, used for what a configuration's {@code flow-timeouts} omits
     * ({@code src/flow-private.h}): 30 s / 300 s for TCP and UDP.
     */
    public static final FlowTimeouts BUILT_IN = new FlowTimeouts(30, 300, 30, 300);

    public FlowTimeouts {
        for (int s : new int[] {tcpNew, tcpEstablished, udpNew, udpEstablished}) {
            if (s < 1 || s > MAX_SECONDS) {
                throw new IllegalArgumentException("flow timeouts must be 1.." + MAX_SECONDS + " s, got " + s);
            }
        }
    }

    /** The idle timeout of a flow of that IP protocol (6 TCP, otherwise the UDP values) and state, in nanoseconds. */
    long nanos(int ipProtocol, boolean established) {
        int s = ipProtocol == 6 ? (established ? tcpEstablished : tcpNew) : (established ? udpEstablished : udpNew);
        return s * 1_000_000_000L;
    }
}
