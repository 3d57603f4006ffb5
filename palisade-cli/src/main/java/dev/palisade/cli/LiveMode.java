package dev.palisade.cli;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.live.gateway.LiveCounters;
import dev.palisade.live.gateway.LiveGateway;
import dev.palisade.live.gateway.LiveGatewayException;
import dev.palisade.live.gateway.LiveOptions;
import dev.palisade.live.route.RouteStatus;

/**
 * {@code palisade run --live}: starts the {@link LiveGateway} on the named interfaces, reports
 * what it did, and stops it when the process ends (SIGTERM, SIGINT or a normal exit) through a
 * shutdown hook, so the host is left as it was. Errors the operator can fix (not root, missing
 * interface, nft or iptables not installed, ruleset refused) are printed, not thrown.
 */
final class LiveMode {

    /** Exit status when the host cannot run the live data plane (not root, tools or interfaces missing). */
    static final int EXIT_HOST_NOT_READY = 3;

    private final LiveGateway gateway;
    private final Thread hook;

    private LiveMode(LiveGateway gateway) {
        this.gateway = gateway;
        this.hook = new Thread(this::stopQuietly, "palisade-live-stop");
    }

    /** Starts the live gateway, or prints why it cannot and returns null. */
    static LiveMode start(GatewayConfig config, String lan, String wan, boolean failOpen) {
        if (lan == null || wan == null) {
            System.err.println("palisade: --live needs --lan IFACE and --wan IFACE");
            return null;
        }
        LiveOptions options = LiveOptions.defaults().withFailOpen(failOpen);
        LiveGateway gateway;
        try {
            gateway = LiveGateway.start(config, lan, wan, options);
        } catch (LiveGatewayException e) {
            System.err.println("palisade: cannot start the live data plane: " + e.getMessage());
            return null;
        }
        LiveMode mode = new LiveMode(gateway);
        Runtime.getRuntime().addShutdownHook(mode.hook);
        System.out.println("  live: LAN " + lan + ", WAN " + wan + ": nftables table inet palisade loaded, "
                + options.queues() + " NFQUEUE queue(s) through " + gateway.queueBackend().name().toLowerCase(java.util.Locale.ROOT)
                + ", " + (failOpen ? "fail-open" : "fail-closed"));
        for (RouteStatus r : gateway.routes()) {
            System.out.println("  route " + r);
        }
        return mode;
    }

    LiveGateway gateway() {
        return gateway;
    }

    /** Stops the gateway now (the shutdown hook then has nothing left to do). */
    void stop() {
        LiveCounters c = gateway.counters();
        gateway.stop();
        System.out.println("  live: stopped; queued " + c.queues().packets() + " packets, queue drops " + c.queueDropped()
                + ", table and queue rules removed");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and finds the gateway stopped
        }
    }

    private void stopQuietly() {
        try {
            gateway.stop();
            System.err.println("palisade: live data plane stopped, host rules removed");
        } catch (RuntimeException e) {
            System.err.println("palisade: stopping the live data plane: " + e.getMessage());
        }
    }
}
