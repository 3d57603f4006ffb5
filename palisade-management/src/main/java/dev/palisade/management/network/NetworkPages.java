package dev.palisade.management.network;

import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.FormBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.Page;
import dev.palisade.management.web.Pages;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Network pages: one tab each for LAN, WAN and masquerading, routing, filtering, port
 * forwarding and the Network Protector lists (the firewall rules tab links to the core pages).
 * Every page reads and changes the gateway only through the {@code /api/network} operations
 * ({@link Pages#call}); forms post with the CSRF token and get a redirect, or the same form again
 * (422) with the model's errors next to the fields they concern.
 */
final class NetworkPages {

    static final List<String> LAN_FIELDS = List.of("LAN.IP", "LAN.Mask", "LAN.DHCPFlag", "LAN.FirstDHCPAddress",
            "LAN.LastDHCPAddress", "LAN.FirstDNSServer", "LAN.SecondDNSServer");
    static final List<String> WAN_FIELDS = List.of("WAN.DHCPFlag", "WAN.IP", "WAN.Mask", "WAN.DefaultGateway",
            "WAN.FirstDNSAddress", "WAN.SecondDNSAddress", "NAT.masquerading");
    static final List<String> PROTOCOLS = List.of("ftp", "http", "imap", "modbus", "mqtt", "pop3", "smtp");
    static final List<String> ROUTE_FIELDS = List.of("action", "ipaddr", "mask", "gateway");
    static final List<String> FORWARD_FIELDS = List.of("status", "comment", "ipAddrInternal", "portExternal", "portInternal",
            "protocol", "zone");
    private static final String NETWORK = "$.NETWORK.";

    private final Pages pages;

    NetworkPages(Pages pages) {
        this.pages = pages;
    }

    List<Route> routes() {
        Section n = Section.NETWORK;
        List<Route> r = new ArrayList<>();
        r.add(Route.page("GET", "/network", n, false, request -> ApiResponse.redirect("/network/lan")));
        r.add(Route.page("GET", "/network/lan", n, false, this::lanPage));
        r.add(Route.page("POST", "/network/lan", n, false, this::saveLan));
        r.add(Route.page("GET", "/network/wan", n, false, this::wanPage));
        r.add(Route.page("POST", "/network/wan", n, false, this::saveWan));
        r.add(Route.page("GET", "/network/filtering", n, false, this::filteringPage));
        r.add(Route.page("POST", "/network/filtering", n, false, this::saveFiltering));
        r.add(Route.page("GET", "/network/routes", n, false, this::routesPage));
        r.add(Route.page("GET", "/network/routes/new", n, false, request -> routeForm(request, -1, newRoute(), 200)));
        r.add(Route.page("GET", "/network/routes/{index}", n, false, this::editRoute));
        r.add(Route.page("POST", "/network/routes/save", n, false, this::saveRoute));
        r.add(Route.page("POST", "/network/routes/reload", n, false, this::reloadRoutes));
        r.add(Route.page("POST", "/network/routes/{index}/delete", n, false, this::deleteRoute));
        r.add(Route.page("GET", "/network/port-forwarding", n, false, this::forwardsPage));
        r.add(Route.page("GET", "/network/port-forwarding/new", n, false, request -> forwardForm(request, -1, newForward(), 200)));
        r.add(Route.page("GET", "/network/port-forwarding/{index}", n, false, this::editForward));
        r.add(Route.page("POST", "/network/port-forwarding/save", n, false, this::saveForward));
        r.add(Route.page("POST", "/network/port-forwarding/{index}/{operation}", n, false, this::forwardOperation));
        r.add(Route.page("GET", "/network/protector", n, false, request -> protectorPage(request, null, null, null, 200)));
        r.add(Route.page("POST", "/network/protector/flags", n, false, this::saveFlags));
        r.add(Route.page("POST", "/network/protector/{list}", n, false, this::addListEntry));
        r.add(Route.page("POST", "/network/protector/{list}/{index}/delete", n, false, this::deleteListEntry));
        return r;
    }

    // ---- shared

    private ApiResponse render(ApiRequest request, int status, String template, String titleKey, Map<String, Object> parameters) {
        Page page = pages.page(request, titleKey);
        Map<String, Object> all = new HashMap<>(parameters);
        all.putIfAbsent("saved", request.query().getOrDefault("saved", ""));
        return pages.render(status, template, page, all);
    }

    private JsonNode api(ApiRequest request, String method, String path, JsonNode body) throws ApiException, IOException {
        ApiResponse answer = pages.call(request, method, path, body == null ? null : Pages.mapper().writeValueAsString(body));
        return answer.body().length == 0 ? Pages.mapper().createObjectNode() : Pages.mapper().readTree(answer.body());
    }

    /** Whether a refusal belongs on the form (the model's or the request's errors) rather than on an error page. */
    private static boolean formError(ApiException e) {
        return e.status() == 422 || e.status() == 400;
    }

    private static String savedRedirect(String path, JsonNode answer) {
        return path + "?saved=" + answer.path("version").asInt();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "" : node.isString() ? node.asString() : node.toString();
    }

    private static String bool(JsonNode node) {
        return Boolean.toString(node != null && node.asBoolean(false));
    }

    // ---- LAN

    private ApiResponse lanPage(ApiRequest request) throws ApiException, IOException {
        ObjectNode lan = (ObjectNode) api(request, "GET", "/api/network/lan", null).path("LAN");
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : LAN_FIELDS) {
            String key = field.substring(4);
            values.put(field, key.equals("DHCPFlag") ? bool(lan.get(key)) : text(lan.get(key)));
        }
        return lanForm(request, NetworkForm.of(NETWORK, LAN_FIELDS, values), text(lan.get("MAC")), 200);
    }

    private ApiResponse lanForm(ApiRequest request, NetworkForm form, String mac, int status) throws ApiException, IOException {
        // The web server certificate's warning about the LAN address stays on the page until it is fixed.
        List<String> certificate = new ArrayList<>();
        for (JsonNode w : api(request, "GET", "/api/certificates", null).path("webServer").path("warnings")) {
            if (w.asString().contains("LAN address")) {
                certificate.add(w.asString());
            }
        }
        return render(request, status, "network-lan", "network.lan.title", Map.of("form", form, "mac", mac,
                "certificateWarnings", certificate));
    }

    private ApiResponse saveLan(ApiRequest request) throws ApiException, IOException {
        FormBody f = Pages.form(request);
        ObjectNode lan = ((ObjectNode) api(request, "GET", "/api/network/lan", null).path("LAN")).deepCopy();
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : LAN_FIELDS) {
            String key = field.substring(4);
            if (key.equals("DHCPFlag")) {
                lan.put(key, f.checked(field));
                values.put(field, Boolean.toString(f.checked(field)));
                continue;
            }
            String typed = f.text(field).strip();
            values.put(field, typed);
            if (typed.isEmpty() && key.endsWith("DHCPAddress")) {
                // Blank: the range is derived from the LAN address and mask (docs/configuration.md).
                lan.remove(key);
            } else {
                lan.set(key, FormValues.text(typed));
            }
        }
        ObjectNode body = Pages.mapper().createObjectNode();
        body.set("LAN", lan);
        JsonNode answer;
        try {
            answer = api(request, "PUT", "/api/network/lan?comment=" + enc("LAN settings changed in the web interface"), body);
        } catch (ApiException e) {
            if (!formError(e)) {
                throw e;
            }
            return lanForm(request, NetworkForm.of(NETWORK, LAN_FIELDS, values).withErrors(Pages.errors(e)), text(lan.get("MAC")), 422);
        }
        return ApiResponse.redirect(savedRedirect("/network/lan", answer));
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- WAN and masquerading

    private ApiResponse wanPage(ApiRequest request) throws ApiException, IOException {
        JsonNode part = api(request, "GET", "/api/network/wan", null);
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : WAN_FIELDS) {
            String[] at = field.split("\\.", 2);
            JsonNode v = part.path(at[0]).get(at[1]);
            values.put(field, v != null && v.isBoolean() ? bool(v) : text(v));
        }
        return render(request, 200, "network-wan", "network.wan.title", Map.of("form", NetworkForm.of(NETWORK, WAN_FIELDS, values),
                "mac", text(part.path("WAN").get("MAC"))));
    }

    private ApiResponse saveWan(ApiRequest request) throws ApiException, IOException {
        FormBody f = Pages.form(request);
        JsonNode part = api(request, "GET", "/api/network/wan", null);
        ObjectNode wan = ((ObjectNode) part.path("WAN")).deepCopy();
        ObjectNode nat = ((ObjectNode) part.path("NAT")).deepCopy();
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : WAN_FIELDS) {
            String[] at = field.split("\\.", 2);
            ObjectNode target = at[0].equals("WAN") ? wan : nat;
            if (at[1].equals("DHCPFlag") || at[1].equals("masquerading")) {
                target.put(at[1], f.checked(field));
                values.put(field, Boolean.toString(f.checked(field)));
            } else {
                String typed = f.text(field).strip();
                values.put(field, typed);
                target.set(at[1], FormValues.text(typed));
            }
        }
        ObjectNode body = Pages.mapper().createObjectNode();
        body.set("WAN", wan);
        body.set("NAT", nat);
        JsonNode answer;
        try {
            answer = api(request, "PUT", "/api/network/wan?comment=" + enc("WAN settings changed in the web interface"), body);
        } catch (ApiException e) {
            if (!formError(e)) {
                throw e;
            }
            return render(request, 422, "network-wan", "network.wan.title", Map.of("form",
                    NetworkForm.of(NETWORK, WAN_FIELDS, values).withErrors(Pages.errors(e)), "mac", text(wan.get("MAC"))));
        }
        return ApiResponse.redirect(savedRedirect("/network/wan", answer));
    }

    // ---- filtering

    private ApiResponse filteringPage(ApiRequest request) throws ApiException, IOException {
        JsonNode protos = api(request, "GET", "/api/network/filtering", null).path("APP_PROTO").path("filtered_protos");
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : PROTOCOLS) {
            values.put(p, bool(protos.get(p)));
        }
        return render(request, 200, "network-filtering", "network.filtering.title", Map.of("form",
                NetworkForm.of(NETWORK + "APP_PROTO.filtered_protos.", PROTOCOLS, values), "protocols", PROTOCOLS));
    }

    private ApiResponse saveFiltering(ApiRequest request) throws ApiException, IOException {
        FormBody f = Pages.form(request);
        ObjectNode body = Pages.mapper().createObjectNode();
        ObjectNode protos = body.putObject("APP_PROTO").putObject("filtered_protos");
        for (String p : PROTOCOLS) {
            protos.put(p, f.checked(p));
        }
        JsonNode answer = api(request, "PUT", "/api/network/filtering?comment=" + enc("protocol filtering changed in the web interface"),
                body);
        return ApiResponse.redirect(savedRedirect("/network/filtering", answer));
    }

    // ---- routes

    private ApiResponse routesPage(ApiRequest request) throws ApiException, IOException {
        return routesPage(request, "", 200);
    }

    private ApiResponse routesPage(ApiRequest request, String error, int status) throws ApiException, IOException {
        JsonNode view = api(request, "GET", "/api/network/routes", null);
        List<RouteLine> lines = new ArrayList<>();
        int i = 0;
        for (JsonNode r : view.path("routes")) {
            lines.add(new RouteLine(i++, text(r.get("action")), text(r.get("ipaddr")), text(r.get("mask")), text(r.get("gateway")),
                    r.path("applied").path("state").asString(), text(r.path("applied").get("reason"))));
        }
        return render(request, status, "network-routes", "network.routes.title", Map.of("routes", lines,
                "live", view.path("live").asBoolean(), "error", error));
    }

    private static Map<String, String> newRoute() {
        return Map.of("action", "add", "ipaddr", "", "mask", "255.255.255.0", "gateway", "");
    }

    private ApiResponse routeForm(ApiRequest request, int index, Map<String, String> values, int status) {
        return routeForm(request, index, NetworkForm.of(routePrefix(index, -1), ROUTE_FIELDS, values), status);
    }

    private ApiResponse routeForm(ApiRequest request, int index, NetworkForm form, int status) {
        return render(request, status, "network-route", "network.route.title", Map.of("form", form, "index", index));
    }

    private static String routePrefix(int index, int size) {
        return NETWORK + "ROUTING_TABLE.routes[" + (index < 0 ? size : index) + "].";
    }

    private ArrayNode routeEntries(ApiRequest request) throws ApiException, IOException {
        return (ArrayNode) api(request, "GET", "/api/network/routes", null).path("routes");
    }

    private ApiResponse editRoute(ApiRequest request) throws ApiException, IOException {
        ArrayNode routes = routeEntries(request);
        int index = ItemIndex.parse(request.pathParameters().get("index"), routes.size(), "static route");
        Map<String, String> values = new HashMap<>();
        for (String field : ROUTE_FIELDS) {
            values.put(field, text(routes.get(index).get(field)));
        }
        return routeForm(request, index, values, 200);
    }

    private ApiResponse saveRoute(ApiRequest request) throws ApiException, IOException {
        FormBody f = Pages.form(request);
        ArrayNode routes = routeEntries(request);
        int index = f.text("index").equals("-1") ? -1 : ItemIndex.parse(f.text("index"), routes.size(), "static route");
        ObjectNode route = Pages.mapper().createObjectNode();
        if (index >= 0) {
            route = ((ObjectNode) routes.get(index)).deepCopy();
            // The system's report of the old route does not describe the edited one.
            route.remove(List.of("applied", "state", "error"));
        }
        Map<String, String> values = new HashMap<>();
        for (String field : ROUTE_FIELDS) {
            String typed = f.text(field).strip();
            values.put(field, typed);
            route.set(field, FormValues.text(typed));
        }
        JsonNode answer;
        try {
            answer = index < 0
                    ? api(request, "POST", "/api/network/routes?comment=" + enc("static route added in the web interface"), route)
                    : api(request, "PUT", "/api/network/routes/" + index + "?comment="
                            + enc("static route " + (index + 1) + " changed in the web interface"), route);
        } catch (ApiException e) {
            if (!formError(e)) {
                throw e;
            }
            return routeForm(request, index, NetworkForm.of(routePrefix(index, routes.size()), ROUTE_FIELDS, values)
                    .withErrors(Pages.errors(e)), 422);
        }
        return ApiResponse.redirect(savedRedirect("/network/routes", answer));
    }

    private ApiResponse deleteRoute(ApiRequest request) throws ApiException, IOException {
        ArrayNode routes = routeEntries(request);
        int index = ItemIndex.parse(request.pathParameters().get("index"), routes.size(), "static route");
        try {
            pages.call(request, "DELETE", "/api/network/routes/" + index + "?comment="
                    + enc("static route " + (index + 1) + " deleted in the web interface"), null);
        } catch (ApiException e) {
            if (!formError(e)) {
                throw e;
            }
            return routesPage(request, e.getMessage(), e.status());
        }
        return ApiResponse.redirect("/network/routes");
    }

    private ApiResponse reloadRoutes(ApiRequest request) throws ApiException, IOException {
        try {
            pages.call(request, "POST", "/api/network/routes/reload", null);
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            return routesPage(request, e.getMessage(), e.status());
        }
        return ApiResponse.redirect("/network/routes");
    }

    // ---- port forwarding

    private ApiResponse forwardsPage(ApiRequest request) throws ApiException, IOException {
        List<ForwardLine> lines = new ArrayList<>();
        int i = 0;
        for (JsonNode r : api(request, "GET", "/api/network/port-forwarding", null).path("rules")) {
            lines.add(new ForwardLine(i++, r.path("status").asBoolean(true), text(r.get("protocol")), text(r.get("portExternal")),
                    text(r.get("ipAddrInternal")), text(r.get("portInternal")), text(r.get("comment"))));
        }
        return render(request, 200, "network-forwards", "network.forwards.title", Map.of("rules", lines));
    }

    private static Map<String, String> newForward() {
        return Map.of("status", "true", "comment", "", "ipAddrInternal", "", "portExternal", "", "portInternal", "",
                "protocol", "tcp", "zone", "wan");
    }

    private ApiResponse forwardForm(ApiRequest request, int index, Map<String, String> values, int status) {
        return forwardForm(request, index, NetworkForm.of(forwardPrefix(index, -1), FORWARD_FIELDS, values), status);
    }

    private ApiResponse forwardForm(ApiRequest request, int index, NetworkForm form, int status) {
        return render(request, status, "network-forward", "network.forward.title", Map.of("form", form, "index", index));
    }

    private static String forwardPrefix(int index, int size) {
        return NETWORK + "NAPT.rules[" + (index < 0 ? size : index) + "].";
    }

    private ArrayNode forwardRules(ApiRequest request) throws ApiException, IOException {
        return (ArrayNode) api(request, "GET", "/api/network/port-forwarding", null).path("rules");
    }

    private ApiResponse editForward(ApiRequest request) throws ApiException, IOException {
        ArrayNode rules = forwardRules(request);
        int index = ItemIndex.parse(request.pathParameters().get("index"), rules.size(), "port-forwarding rule");
        Map<String, String> values = new HashMap<>();
        for (String field : FORWARD_FIELDS) {
            values.put(field, field.equals("status") ? Boolean.toString(rules.get(index).path("status").asBoolean(true))
                    : text(rules.get(index).get(field)));
        }
        return forwardForm(request, index, values, 200);
    }

    private ApiResponse saveForward(ApiRequest request) throws ApiException, IOException {
        FormBody f = Pages.form(request);
        ArrayNode rules = forwardRules(request);
        int index = f.text("index").equals("-1") ? -1 : ItemIndex.parse(f.text("index"), rules.size(), "port-forwarding rule");
        ObjectNode rule = index < 0 ? Pages.mapper().createObjectNode() : ((ObjectNode) rules.get(index)).deepCopy();
        Map<String, String> values = new HashMap<>();
        for (String field : FORWARD_FIELDS) {
            if (field.equals("status")) {
                values.put(field, Boolean.toString(f.checked(field)));
                if (f.checked(field)) {
                    rule.remove("status");
                } else {
                    rule.put("status", false);
                }
                continue;
            }
            String typed = field.equals("comment") ? f.text(field) : f.text(field).strip();
            values.put(field, typed);
            rule.set(field, field.startsWith("port") ? FormValues.integerOrText(typed) : Pages.mapper().getNodeFactory().stringNode(typed));
        }
        JsonNode answer;
        try {
            answer = index < 0
                    ? api(request, "POST", "/api/network/port-forwarding?comment=" + enc("port-forwarding rule added in the web interface"),
                            rule)
                    : api(request, "PUT", "/api/network/port-forwarding/" + index + "?comment="
                            + enc("port-forwarding rule " + (index + 1) + " changed in the web interface"), rule);
        } catch (ApiException e) {
            if (!formError(e)) {
                throw e;
            }
            return forwardForm(request, index, NetworkForm.of(forwardPrefix(index, rules.size()), FORWARD_FIELDS, values)
                    .withErrors(Pages.errors(e)), 422);
        }
        return ApiResponse.redirect(savedRedirect("/network/port-forwarding", answer));
    }

    private ApiResponse forwardOperation(ApiRequest request) throws ApiException, IOException {
        ArrayNode rules = forwardRules(request);
        int index = ItemIndex.parse(request.pathParameters().get("index"), rules.size(), "port-forwarding rule");
        String number = Integer.toString(index + 1);
        String base = "/api/network/port-forwarding/" + index;
        switch (request.pathParameters().get("operation")) {
            case "enable" -> pages.call(request, "POST", base + "/enable?comment="
                    + enc("port-forwarding rule " + number + " switched on in the web interface"), null);
            case "disable" -> pages.call(request, "POST", base + "/disable?comment="
                    + enc("port-forwarding rule " + number + " switched off in the web interface"), null);
            case "up", "down" -> {
                int to = request.pathParameters().get("operation").equals("up") ? index - 1 : index + 1;
                if (to >= 0 && to < rules.size()) {
                    pages.call(request, "POST", base + "/move?comment=" + enc("port-forwarding rule " + number + " moved in the web interface"),
                            "{\"to\":" + to + "}");
                }
            }
            case "delete" -> pages.call(request, "DELETE", base + "?comment="
                    + enc("port-forwarding rule " + number + " deleted in the web interface"), null);
            default -> throw new ApiException(404, "not_found", "no operation " + ItemIndex.printable(request.pathParameters().get("operation"))
                    + " on port-forwarding rules; use enable, disable, up, down or delete");
        }
        return ApiResponse.redirect("/network/port-forwarding");
    }

    // ---- Network Protector lists

    private ApiResponse protectorPage(ApiRequest request, NetworkForm flags, NetworkForm allow, NetworkForm deny, int status)
            throws ApiException, IOException {
        JsonNode p = api(request, "GET", "/api/network/protector", null);
        List<ListLine> allowed = new ArrayList<>();
        int i = 0;
        for (JsonNode e : p.path("allowList")) {
            allowed.add(new ListLine(i++, text(e.get("ipAddrSource")), "", ""));
        }
        List<ListLine> denied = new ArrayList<>();
        i = 0;
        for (JsonNode e : p.path("blockedList")) {
            long ts = e.path("timestamp").asLong(0);
            denied.add(new ListLine(i++, text(e.get("ipAddrSource")), ts == 0 ? "" : Instant.ofEpochSecond(ts).toString(),
                    text(e.get("signatureName"))));
        }
        Map<String, String> flagValues = Map.of("IPSPFlag", bool(p.get("IPSPFlag")), "blockedListFlag", bool(p.get("blockedListFlag")));
        return render(request, status, "network-protector", "network.protector.title", Map.of(
                "flags", flags != null ? flags : NetworkForm.of(NETWORK + "IDS_PROXY.", List.of("IPSPFlag", "blockedListFlag"), flagValues),
                "allow", allow != null ? allow : listForm("allowList", allowed.size(), ""),
                "deny", deny != null ? deny : listForm("blockedList", denied.size(), ""),
                "allowList", allowed, "denyList", denied));
    }

    private static NetworkForm listForm(String array, int size, String typed) {
        return NetworkForm.of(NETWORK + "IDS_PROXY." + array + "[" + size + "].", List.of("ipAddrSource"), Map.of("ipAddrSource", typed));
    }

    private ApiResponse saveFlags(ApiRequest request) throws ApiException, IOException {
        FormBody f = Pages.form(request);
        ObjectNode body = Pages.mapper().createObjectNode();
        body.put("IPSPFlag", f.checked("IPSPFlag"));
        body.put("blockedListFlag", f.checked("blockedListFlag"));
        JsonNode answer = api(request, "PUT", "/api/network/protector?comment=" + enc("address list switches changed in the web interface"),
                body);
        return ApiResponse.redirect(savedRedirect("/network/protector", answer));
    }

    /** The API list and the document array a page path names ({@code allowlist} or {@code denylist}). */
    private static String[] list(String name) throws ApiException {
        return switch (name) {
            case "allowlist" -> new String[] {"allowlist", "allowList"};
            case "denylist" -> new String[] {"denylist", "blockedList"};
            default -> throw new ApiException(404, "not_found", "no list " + ItemIndex.printable(name) + "; use allowlist or denylist");
        };
    }

    private ApiResponse addListEntry(ApiRequest request) throws ApiException, IOException {
        String[] list = list(request.pathParameters().get("list"));
        FormBody f = Pages.form(request);
        String typed = f.text("ipAddrSource").strip();
        int size = api(request, "GET", "/api/network/" + list[0], null).path(list[1]).size();
        ObjectNode entry = Pages.mapper().createObjectNode();
        entry.set("ipAddrSource", FormValues.text(typed));
        JsonNode answer;
        try {
            answer = api(request, "POST", "/api/network/" + list[0] + "?comment=" + enc(typed.replaceAll("[^0-9.]", "?")
                    + " added to the " + list[0] + " in the web interface"), entry);
        } catch (ApiException e) {
            if (!formError(e)) {
                throw e;
            }
            NetworkForm form = listForm(list[1], size, typed).withErrors(Pages.errors(e));
            return protectorPage(request, null, list[0].equals("allowlist") ? form : null, list[0].equals("denylist") ? form : null, 422);
        }
        return ApiResponse.redirect(savedRedirect("/network/protector", answer));
    }

    private ApiResponse deleteListEntry(ApiRequest request) throws ApiException, IOException {
        String[] list = list(request.pathParameters().get("list"));
        FormBody f = Pages.form(request);
        JsonNode entries = api(request, "GET", "/api/network/" + list[0], null).path(list[1]);
        int index = ItemIndex.parse(request.pathParameters().get("index"), entries.size(), list[0] + " entry");
        // The page showed an address at this position; another change may have moved it since.
        String shown = f.text("address");
        if (!shown.equals(text(entries.get(index).get("ipAddrSource")))) {
            throw new ApiException(409, "list_changed", "the " + list[0] + " changed since the page was shown; nothing was deleted, "
                    + "reload the page and try again");
        }
        pages.call(request, "DELETE", "/api/network/" + list[0] + "/" + index + "?comment="
                + enc(shown.replaceAll("[^0-9.]", "?") + " removed from the " + list[0] + " in the web interface"), null);
        return ApiResponse.redirect("/network/protector");
    }
}
