package dev.palisade.management;

import dev.palisade.management.http.Route;
import dev.palisade.management.web.NavEntry;
import dev.palisade.management.web.Pages;
import java.util.List;

/**
 * One area of the management service (audit views, network settings, device commands, ...): its
 * API operations, its web pages and its navigation entries. The runner passes the features it
 * wires to {@link ManagementService#start}; each route names the {@code Section} that decides who
 * may use it, so the dispatcher enforces the roles for features exactly as for the core routes.
 * Pages are built after every feature's API routes exist, so a page may call any of them.
 */
public interface Feature {

    /** The feature's API operations ({@code /api/...}); JSON in, JSON out. */
    default List<Route> api(FeatureContext context) {
        return List.of();
    }

    /** The feature's web pages ({@link Route#page}); they reach the gateway only through {@code pages.call}. */
    default List<Route> pages(Pages pages) {
        return List.of();
    }

    /** Navigation entries of the feature's pages. */
    default List<NavEntry> nav() {
        return List.of();
    }
}
