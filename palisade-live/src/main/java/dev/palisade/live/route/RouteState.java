package dev.palisade.live.route;

/** The states of a route as the specification's routing table shows them. */
public enum RouteState {
    /** In the kernel's routing table. */
    ACTIVE("active"),
    /** Not applied; the status carries the reason. */
    FAILED("failed");

    private final String key;

    RouteState(String key) {
        this.key = key;
    }

    /** The value of the document's {@code state} key. */
    public String key() {
        return key;
    }
}
