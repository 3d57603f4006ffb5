package dev.palisade.config.model;

/**
 * One port-forwarding (destination NAT) rule of {@code NETWORK.NAPT.rules}: packets arriving on
 * the WAN for the WAN address and {@code externalPort} go to {@code internalAddress:internalPort}.
 */
public record PortForwardRule(
        String comment,
        Ipv4Address internalAddress,
        int externalPort,
        int internalPort,
        TransportProtocol protocol,
        String zone) {

    /** The transport protocols a port-forwarding rule can name. */
    public enum TransportProtocol {
        TCP("tcp", 6),
        UDP("udp", 17);

        private final String key;
        private final int ipProtocol;

        TransportProtocol(String key, int ipProtocol) {
            this.key = key;
            this.ipProtocol = ipProtocol;
        }

        public String key() {
            return key;
        }

        public int ipProtocol() {
            return ipProtocol;
        }
    }
}
