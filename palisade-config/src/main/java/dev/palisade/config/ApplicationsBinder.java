package dev.palisade.config;

import dev.palisade.config.model.InstalledApplication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Binds {@code APPLICATIONS} (installed applications and their routes) and checks {@code MARKETPLACE}. */
final class ApplicationsBinder {

    /** {@code state}: 0 starting, 1 running, 4 stopped, 5 stopping. */
    static final Set<Long> STATES = Set.of(0L, 1L, 4L, 5L);

    /** The state of an application whose entry does not report one: it has not been seen running. */
    static final int DEFAULT_STATE = 4;

    private static final Set<String> APP_KEYS = Set.of("configured", "execute", "restart_on_failure", "state",
            "subtype", "ksc_plugin_ui_content", "ksc_plugin_md5", "manifest", "package_id", "launchRule",
            "logLevel", "version", "name", "type");
    private static final List<String> STRING_KEYS = List.of("subtype", "ksc_plugin_ui_content", "ksc_plugin_md5",
            "manifest", "version", "name", "type");

    private ApplicationsBinder() {
    }

    static List<InstalledApplication> bind(Fields applications) {
        applications.warnUnknown(Set.of("APPS_CONTROL", "APPS_ROUTING"));
        List<InstalledApplication> installed = new ArrayList<>();
        applications.object("APPS_CONTROL", true).ifPresent(control -> {
            control.warnUnknown(Set.of("applications"));
            control.array("applications", true).ifPresent(elements -> {
                Map<String, Integer> seen = new HashMap<>();
                for (Fields.Element element : elements) {
                    element.object(control.problems())
                            .map(app -> application(app, seen, element.index()))
                            .ifPresent(installed::add);
                }
            });
        });
        applications.object("APPS_ROUTING", true).ifPresent(routing -> {
            routing.warnUnknown(Set.of("routes"));
            routing.array("routes", true).ifPresent(elements -> {
                for (Fields.Element element : elements) {
                    element.object(routing.problems()).ifPresent(ApplicationsBinder::route);
                }
            });
        });
        return installed;
    }

    private static InstalledApplication application(Fields app, Map<String, Integer> seen, int index) {
        app.warnUnknown(APP_KEYS);
        int before = app.problems().errorCount();
        Optional<String> packageId = app.string("package_id", true);
        if (packageId.isPresent() && packageId.get().isBlank()) {
            app.error("package_id", "must not be empty");
        } else if (packageId.isPresent()) {
            Integer previous = seen.putIfAbsent(packageId.get(), index);
            if (previous != null) {
                app.error("package_id", "'" + packageId.get() + "' is already listed at applications[" + previous + "]");
            }
        }
        Optional<Boolean> execute = app.bool("execute", true);
        Optional<Boolean> configured = app.bool("configured", false);
        app.bool("restart_on_failure", false);
        OptionalLong state = app.integer("state", false, 0, 5);
        if (state.isPresent() && !STATES.contains(state.getAsLong())) {
            app.error("state", state.getAsLong() + " is not a state: 0 starting, 1 running, 4 stopped, 5 stopping");
        }
        app.integer("logLevel", false, 0, 5);
        app.choice("launchRule", false, List.of("forbidden", "auto", "none"));
        for (String key : STRING_KEYS) {
            app.string(key, false);
        }
        if (app.problems().errorCount() != before) {
            return null;
        }
        String name = app.string("name", false).orElse(packageId.get());
        return new InstalledApplication(packageId.get(), name, configured.orElse(false), execute.get(),
                (int) state.orElse(DEFAULT_STATE));
    }

    private static void route(Fields route) {
        route.warnUnknown(Set.of("active", "destination", "source"));
        route.bool("active", true);
        for (String end : List.of("destination", "source")) {
            route.object(end, false).ifPresent(endpoint -> {
                endpoint.warnUnknown(Set.of("application_id", "endpoint"));
                endpoint.string("application_id", false);
                endpoint.string("endpoint", false);
            });
        }
    }

    /**
     * {@code MARKETPLACE.apps_requested}: the spec calls it a list of strings yet describes
     * per-application keys, so both a package id string and an object with {@code package_id} are
     * accepted.
     */
    static void marketplace(Fields marketplace) {
        marketplace.array("apps_requested", true).ifPresent(elements -> {
            for (Fields.Element element : elements) {
                if (element.value().isString()) {
                    continue;
                }
                element.object(marketplace.problems()).ifPresent(app -> {
                    app.string("package_id", true);
                    app.string("requested_state", false);
                    app.string("buildSdkVersion", false);
                    app.string("kosappversion", false);
                });
            }
        });
    }
}
