package dev.palisade.management.network;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.history.ConfigHistory;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.JsonBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Network section's API operations. Each reads the document in force, replaces one part of
 * {@code NETWORK} (a whole object such as {@code LAN}, or one item of a list such as a route) and
 * hands the edited document to the configuration model ({@link ConfigDocument#parse}): a refusal is
 * a 422 listing every error with its document path ({@code $.NETWORK.LAN.IP}) and nothing changes;
 * a valid document is applied and stored through {@link FeatureContext#commit} (atomic apply, new
 * version in the history). Changes made here are serialised, so two concurrent edits of this
 * section cannot lose each other's part.
 */
final class NetworkApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SMALL = Route.SMALL_BODY;

    /** A list of {@code NETWORK} the API edits item by item: where it is and how an item is named. */
    record ListPart(String path, String container, String array, String what) {
    }

    static final ListPart ROUTES = new ListPart("routes", "ROUTING_TABLE", "routes", "static route");
    static final ListPart FORWARDS = new ListPart("port-forwarding", "NAPT", "rules", "port-forwarding rule");
    static final ListPart ALLOW = new ListPart("allowlist", "IDS_PROXY", "allowList", "allowlist entry");
    static final ListPart DENY = new ListPart("denylist", "IDS_PROXY", "blockedList", "denylist entry");

    /** The denylist's limit (the specification: up to 1000 entries). */
    static final int DENYLIST_LIMIT = 1000;

    private final FeatureContext context;
    private final RouteStates routeStates;
    private final Object lock = new Object();

    NetworkApi(FeatureContext context, RouteStates routeStates) {
        this.context = context;
        this.routeStates = routeStates;
    }

    List<Route> routes() {
        List<Route> r = new ArrayList<>();
        Section n = Section.NETWORK;
        r.add(new Route("GET", "/api/network", n, false, 0, "The NETWORK part of the configuration in force, with the routes' states",
                null, this::overview));
        part(r, "lan", List.of("LAN"), "NetworkLan", "the LAN address, mask and DHCP server settings");
        part(r, "wan", List.of("WAN", "NAT"), "NetworkWan", "the WAN settings (static or DHCP, gateway, DNS) and masquerading");
        part(r, "filtering", List.of("APP_PROTO"), "NetworkFiltering", "the application protocols to block");
        r.add(new Route("GET", "/api/network/routes", n, false, 0,
                "The static routes, each with its state in the system (active, failed with the reason, pending, not applied)", null,
                this::listRoutes));
        items(r, ROUTES, "NetworkRoute");
        r.add(new Route("POST", "/api/network/routes/reload", n, false, 0,
                "Apply the configured routes to the system again (failed ones are retried); 409 without a live data plane", null,
                this::reloadRoutes));
        r.add(new Route("GET", "/api/network/port-forwarding", n, false, 0, "The port-forwarding (destination NAT) rules, in order",
                null, request -> list(FORWARDS)));
        items(r, FORWARDS, "NetworkPortForward");
        r.add(new Route("POST", "/api/network/port-forwarding/{index}/enable", n, false, 0, "Switch a port-forwarding rule on",
                null, request -> setEnabled(request, true)));
        r.add(new Route("POST", "/api/network/port-forwarding/{index}/disable", n, false, 0,
                "Switch a port-forwarding rule off (kept in the document, not applied)", null, request -> setEnabled(request, false)));
        r.add(new Route("POST", "/api/network/port-forwarding/{index}/move", n, false, SMALL,
                "Move a port-forwarding rule to another position", "NetworkMove", this::move));
        r.add(new Route("GET", "/api/network/protector", n, false, 0,
                "The Network Protector's list switches, allowlist and denylist (NETWORK.IDS_PROXY)", null, this::protector));
        r.add(new Route("PUT", "/api/network/protector", n, false, SMALL, "Switch the address lists and the denylist on or off",
                "NetworkProtectorFlags", this::putProtectorFlags));
        r.add(new Route("GET", "/api/network/allowlist", n, false, 0, "The address allowlist", null, request -> list(ALLOW)));
        r.add(new Route("POST", "/api/network/allowlist", n, false, SMALL, "Add an address to the allowlist", "NetworkAllowEntry",
                request -> add(request, ALLOW)));
        r.add(new Route("DELETE", "/api/network/allowlist/{index}", n, false, 0, "Remove an allowlist entry", null,
                request -> delete(request, ALLOW)));
        r.add(new Route("GET", "/api/network/denylist", n, false, 0, "The address denylist", null, request -> list(DENY)));
        r.add(new Route("POST", "/api/network/denylist", n, false, SMALL,
                "Add an address to the denylist (timestamp: now unless given)", "NetworkDenyEntry", request -> add(request, DENY)));
        r.add(new Route("DELETE", "/api/network/denylist/{index}", n, false, 0, "Remove a denylist entry (unblock the address)",
                null, request -> delete(request, DENY)));
        return r;
    }

    private void part(List<Route> r, String name, List<String> keys, String schema, String what) {
        r.add(new Route("GET", "/api/network/" + name, Section.NETWORK, false, 0, "Read " + what, null,
                request -> ApiResponse.json(slice(current(), keys))));
        r.add(new Route("PUT", "/api/network/" + name, Section.NETWORK, false, SMALL, "Replace " + what + " (validated, applied, stored)",
                schema, request -> putPart(request, name, keys)));
    }

    private void items(List<Route> r, ListPart list, String schema) {
        String base = "/api/network/" + list.path();
        r.add(new Route("POST", base, Section.NETWORK, false, SMALL, "Add a " + list.what() + " at the end", schema,
                request -> add(request, list)));
        r.add(new Route("PUT", base + "/{index}", Section.NETWORK, false, SMALL, "Replace a " + list.what(), schema,
                request -> replace(request, list)));
        r.add(new Route("DELETE", base + "/{index}", Section.NETWORK, false, 0, "Delete a " + list.what(), null,
                request -> delete(request, list)));
    }

    // ---- reading

    private ConfigDocument current() {
        return context.history().current();
    }

    private static ObjectNode network(ObjectNode tree) {
        return child(tree, "NETWORK");
    }

    private static ObjectNode child(ObjectNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(key);
    }

    private static ArrayNode array(ObjectNode network, ListPart list) {
        ObjectNode container = child(network, list.container());
        JsonNode node = container.get(list.array());
        if (node instanceof ArrayNode array) {
            return array;
        }
        return container.putArray(list.array());
    }

    /** The {@code keys} of the document's NETWORK object. */
    private static ObjectNode slice(ConfigDocument doc, List<String> keys) {
        ObjectNode network = network(doc.tree());
        ObjectNode out = ApiResponse.object();
        for (String key : keys) {
            out.set(key, network.get(key));
        }
        return out;
    }

    private ApiResponse overview(ApiRequest request) {
        ConfigDocument doc = current();
        ObjectNode out = ApiResponse.object();
        out.set("NETWORK", network(doc.tree()));
        out.put("version", context.history().currentVersion());
        out.set("routeStates", routesView(doc).get("routes"));
        out.put("live", routeStates.live());
        return ApiResponse.json(out);
    }

    private ApiResponse list(ListPart list) {
        ObjectNode out = ApiResponse.object();
        out.set(list.array(), array(network(current().tree()), list));
        return ApiResponse.json(out);
    }

    private ApiResponse listRoutes(ApiRequest request) {
        return ApiResponse.json(routesView(current()));
    }

    /**
     * The routes of {@code doc}, each with {@code applied: {state, reason}}: the state the data plane
     * reported for the route with the same destination and gateway; {@code pending} when it has not
     * applied that route yet; {@code not-applied} for entries the system does not apply (action
     * {@code delete}, entries the system reported) and for every route without a live data plane.
     */
    ObjectNode routesView(ConfigDocument doc) {
        ArrayNode entries = array(network(doc.tree()), ROUTES);
        List<RouteStates.Report> reports = routeStates.live() ? routeStates.states() : List.of();
        ObjectNode out = ApiResponse.object();
        out.put("live", routeStates.live());
        ArrayNode routes = out.putArray("routes");
        for (JsonNode entry : entries) {
            ObjectNode item = entry instanceof ObjectNode o ? o.deepCopy() : ApiResponse.object();
            ObjectNode applied = item.putObject("applied");
            String action = entry.path("action").asString();
            Optional<Ipv4Prefix> destination = destination(entry);
            if (action.equals("delete")) {
                applied.put("state", "not-applied");
                applied.put("reason", "action delete: the entry is not applied");
            } else if (destination.isEmpty()) {
                applied.put("state", "not-applied");
                applied.put("reason", "a route the system reported (no addresses)");
            } else if (!routeStates.live()) {
                applied.put("state", "not-applied");
                applied.put("reason", RouteStates.NOT_LIVE);
            } else {
                Ipv4Address gateway = Ipv4Address.parse(entry.path("gateway").asString());
                Optional<RouteStates.Report> report = reports.stream()
                        .filter(rep -> rep.destination().equals(destination.get()) && rep.gateway().equals(gateway)).findFirst();
                if (report.isEmpty()) {
                    applied.put("state", "pending");
                    applied.put("reason", "not applied to the system yet");
                } else if (report.get().state() == RouteStates.State.ACTIVE) {
                    applied.put("state", "active");
                    applied.putNull("reason");
                } else {
                    applied.put("state", "failed");
                    applied.put("reason", report.get().reason().orElse("failed"));
                }
            }
            routes.add(item);
        }
        return out;
    }

    /** The destination of a route entry of a valid document, empty for an entry without addresses. */
    private static Optional<Ipv4Prefix> destination(JsonNode entry) {
        String address = entry.path("ipaddr").asString("");
        String mask = entry.path("mask").asString("");
        if (address.isBlank() || mask.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Ipv4Prefix(Ipv4Address.parse(address).value(),
                    Ipv4Prefix.lengthOfMask(Ipv4Address.parse(mask).value())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private ApiResponse protector(ApiRequest request) {
        ObjectNode ids = child(network(current().tree()), "IDS_PROXY");
        ObjectNode out = ApiResponse.object();
        for (String key : List.of("IPSPFlag", "blockedListFlag", "allowList", "blockedList")) {
            out.set(key, ids.get(key));
        }
        return ApiResponse.json(out);
    }

    // ---- changing

    /** One edit of the NETWORK object of a copy of the document in force. */
    @FunctionalInterface
    private interface Edit {
        /** Edits {@code network}; returns the index of the item it added or changed, or -1. */
        int apply(ObjectNode network) throws ApiException;
    }

    /**
     * Edits a copy of the document in force, has the configuration model validate it, and applies
     * and stores it. Answers {@code {version, warnings, index?}}; warnings are the model's warnings
     * about NETWORK plus what the change means beyond the document (a moved LAN address).
     */
    private ApiResponse change(ApiRequest request, String comment, Edit edit) throws ApiException, IOException {
        synchronized (lock) {
            ConfigDocument before = current();
            ObjectNode tree = before.tree();
            int index = edit.apply(network(tree));
            ConfigDocument next;
            try {
                next = ConfigDocument.parse(JSON.writeValueAsString(tree));
            } catch (ConfigException e) {
                throw invalid(e);
            }
            String note = request.query().getOrDefault("comment", "");
            ConfigHistory.Version version = context.commit(next, request.requireSession().accountName(),
                    note.isBlank() ? comment : note);
            ObjectNode out = ApiResponse.object();
            out.put("version", version.number());
            if (index >= 0) {
                out.put("index", index);
            }
            ArrayNode warnings = out.putArray("warnings");
            for (ConfigError w : next.warnings()) {
                if (w.path().startsWith("$.NETWORK")) {
                    warnings.addObject().put("path", w.path()).put("reason", w.reason());
                }
            }
            String oldLan = before.config().network().lan().address().toString();
            String newLan = next.config().network().lan().address().toString();
            if (!oldLan.equals(newLan)) {
                warnings.addObject().put("path", "$.NETWORK.LAN.IP").put("reason", lanMoved(oldLan, newLan));
            }
            return ApiResponse.json(out);
        }
    }

    /** What a LAN address change does beyond the document (docs/management.md, "Network"). */
    static String lanMoved(String from, String to) {
        return "the LAN address changed from " + from + " to " + to + "; the web interface keeps listening on its --listen address"
                + " until the gateway is restarted there, and a web server certificate whose subjectAltName lacks " + to
                + " makes browsers warn at the new address (GET /api/certificates shows the warning; upload a certificate for " + to
                + " under Users)";
    }

    static ApiException invalid(ConfigException e) {
        List<ApiException.Detail> details = new ArrayList<>();
        for (ConfigError error : e.errors()) {
            details.add(new ApiException.Detail(error.path(), error.reason()));
        }
        ConfigError first = e.errors().getFirst();
        return new ApiException(422, "invalid_configuration", "the change is invalid and was not applied: " + first.path() + ": "
                + first.reason() + (e.errors().size() > 1 ? " (and " + (e.errors().size() - 1) + " more, listed in details)" : ""),
                details);
    }

    private ApiResponse putPart(ApiRequest request, String name, List<String> keys) throws ApiException, IOException {
        JsonBody body = request.json().only(keys);
        ObjectNode given = body.tree();
        for (String key : keys) {
            if (!given.has(key)) {
                throw ApiException.badRequest("$." + key, "required: the operation replaces " + keys);
            }
        }
        return change(request, "network " + name + " changed", network -> {
            for (String key : keys) {
                network.set(key, given.get(key));
            }
            return -1;
        });
    }

    private static ObjectNode item(ApiRequest request) throws ApiException {
        return request.json().tree();
    }

    /**
     * Writes sources the Network Protector blocked into the denylist as one new version (author
     * {@link BlockedSources#AUTHOR}); addresses already listed are skipped, and nothing beyond the
     * list's limit of 1000 is added (the engine refuses more blocks at that point anyway). Returns
     * how many entries were added.
     */
    int persistBlocked(List<dev.palisade.config.model.IdsProxyConfig.DenylistEntry> entries) throws ApiException, IOException {
        synchronized (lock) {
            ObjectNode tree = current().tree();
            ArrayNode array = array(network(tree), DENY);
            java.util.Set<String> listed = new java.util.HashSet<>();
            array.forEach(e -> listed.add(e.path("ipAddrSource").asString()));
            List<String> added = new ArrayList<>();
            for (var entry : entries) {
                String address = entry.address().toString();
                if (array.size() >= DENYLIST_LIMIT || !listed.add(address)) {
                    continue;
                }
                ObjectNode item = array.addObject();
                item.put("ipAddrSource", address);
                item.put("timestamp", entry.timestamp());
                item.put("signatureName", entry.signatureName());
                added.add(address);
            }
            if (added.isEmpty()) {
                return 0;
            }
            ConfigDocument next;
            try {
                next = ConfigDocument.parse(JSON.writeValueAsString(tree));
            } catch (ConfigException e) {
                throw invalid(e);
            }
            String comment = added.size() == 1 ? added.getFirst() + " blocked by the Network Protector"
                    : added.size() + " sources blocked by the Network Protector (" + String.join(", ", added.subList(0, Math.min(5,
                            added.size()))) + (added.size() > 5 ? ", ..." : "") + ")";
            context.commit(next, BlockedSources.AUTHOR, comment);
            return added.size();
        }
    }

    private ApiResponse add(ApiRequest request, ListPart list) throws ApiException, IOException {
        ObjectNode item = item(request);
        if (list == DENY && !item.has("timestamp")) {
            item.put("timestamp", context.clock().instant().getEpochSecond());
        }
        return change(request, list.what() + " added", network -> {
            ArrayNode array = array(network, list);
            array.add(item);
            return array.size() - 1;
        });
    }

    private ApiResponse replace(ApiRequest request, ListPart list) throws ApiException, IOException {
        ObjectNode item = item(request);
        String text = request.pathParameters().get("index");
        return change(request, list.what() + " " + ItemIndex.printable(text) + " changed", network -> {
            ArrayNode array = array(network, list);
            int index = ItemIndex.parse(text, array.size(), list.what());
            array.set(index, item);
            return index;
        });
    }

    private ApiResponse delete(ApiRequest request, ListPart list) throws ApiException, IOException {
        String text = request.pathParameters().get("index");
        change(request, list.what() + " " + ItemIndex.printable(text) + " deleted", network -> {
            ArrayNode array = array(network, list);
            array.remove(ItemIndex.parse(text, array.size(), list.what()));
            return -1;
        });
        return ApiResponse.noContent();
    }

    private ApiResponse setEnabled(ApiRequest request, boolean on) throws ApiException, IOException {
        String text = request.pathParameters().get("index");
        return change(request, FORWARDS.what() + " " + ItemIndex.printable(text) + (on ? " switched on" : " switched off"), network -> {
            ArrayNode array = array(network, FORWARDS);
            int index = ItemIndex.parse(text, array.size(), FORWARDS.what());
            if (!(array.get(index) instanceof ObjectNode rule)) {
                throw ApiException.badRequest("$.NETWORK.NAPT.rules[" + index + "]", "is not an object");
            }
            if (on) {
                // Absent means on: the document stays as the specification writes it.
                rule.remove("status");
            } else {
                rule.put("status", false);
            }
            return index;
        });
    }

    private ApiResponse move(ApiRequest request) throws ApiException, IOException {
        String text = request.pathParameters().get("index");
        int to = request.json().only(List.of("to")).integer("to");
        return change(request, FORWARDS.what() + " " + ItemIndex.printable(text) + " moved to " + to, network -> {
            ArrayNode array = array(network, FORWARDS);
            int from = ItemIndex.parse(text, array.size(), FORWARDS.what());
            if (to < 0 || to >= array.size()) {
                throw ApiException.badRequest("$.to", "must be a position 0-" + (array.size() - 1));
            }
            JsonNode rule = array.remove(from);
            array.insert(to, rule);
            return to;
        });
    }

    private ApiResponse putProtectorFlags(ApiRequest request) throws ApiException, IOException {
        ObjectNode given = request.json().only(List.of("IPSPFlag", "blockedListFlag")).tree();
        return change(request, "Network Protector list switches changed", network -> {
            ObjectNode ids = child(network, "IDS_PROXY");
            given.properties().forEach(e -> ids.set(e.getKey(), e.getValue()));
            return -1;
        });
    }

    private ApiResponse reloadRoutes(ApiRequest request) throws ApiException, IOException {
        if (!routeStates.live()) {
            throw new ApiException(409, "not_live", "the routes are not applied to the system: " + RouteStates.NOT_LIVE
                    + "; start the gateway with --live");
        }
        try {
            routeStates.reload();
        } catch (IOException e) {
            throw new ApiException(500, "reload_failed", "the routes could not be applied again: " + e.getMessage());
        }
        return ApiResponse.json(routesView(current()));
    }
}
