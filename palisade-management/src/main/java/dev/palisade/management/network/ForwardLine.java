package dev.palisade.management.network;

/** One port-forwarding rule as the table shows it, with whether it is switched on. */
public record ForwardLine(int index, boolean enabled, String protocol, String externalPort, String internalAddress,
        String internalPort, String comment) {
}
