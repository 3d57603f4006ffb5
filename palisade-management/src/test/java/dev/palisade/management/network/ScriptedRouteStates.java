package dev.palisade.management.network;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the live data plane's route application, which needs root, interfaces and the
 * kernel (palisade-live's {@code KernelRoutes} is tested there, in network namespaces): the test
 * sets the reports it would give, and counts reloads. Used only to check how the API and the pages
 * present what the data plane reports.
 */
final class ScriptedRouteStates implements RouteStates {

    volatile boolean live = true;
    volatile List<Report> reports = List.of();
    volatile List<Report> afterReload = List.of();
    final AtomicInteger reloads = new AtomicInteger();
    volatile String reloadFailure;

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public List<Report> states() {
        return reports;
    }

    @Override
    public List<Report> reload() throws IOException {
        reloads.incrementAndGet();
        if (reloadFailure != null) {
            throw new IOException(reloadFailure);
        }
        reports = new ArrayList<>(afterReload);
        return reports;
    }
}
