package dev.palisade.management.web;

import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.Dispatcher;
import dev.palisade.management.http.FormBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.RouteTable;
import dev.palisade.management.http.Section;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web interface: server-rendered pages, one route each in the same route table as the API,
 * each with the section that decides who may open it. Pages read and change the gateway only
 * through the API's operations ({@link Pages#call}); forms are plain HTML posts carrying the CSRF
 * token in a hidden field, answered with a redirect (or the form again with the errors).
 */
public final class WebPages {

    /** The navigation entries of the core pages. */
    public static final List<NavEntry> NAV = List.of(
            new NavEntry("/", "nav.status", Section.STATUS, 100),
            new NavEntry("/settings/configuration", "nav.configuration", Section.SETTINGS, 840),
            new NavEntry("/settings/history", "nav.history", Section.SETTINGS, 845),
            new NavEntry("/users", "nav.users", Section.USERS, 400),
            new NavEntry("/about", "nav.about", Section.ABOUT, 900));

    private final Pages pages;
    private final List<Route> routes = new ArrayList<>();

    /** The core pages (sign-in, status, firewall rules, configuration, history, users, about) over {@code pages}. */
    public WebPages(Pages pages) {
        this.pages = pages;
        routes.add(Route.page("GET", "/sign-in", Section.SIGN_IN, true, this::signInPage));
        routes.add(Route.page("POST", "/sign-in", Section.SIGN_IN, true, this::signIn));
        routes.add(Route.page("GET", "/password", Section.SESSION, true, r -> passwordPage(r, List.of(), 200)));
        routes.add(Route.page("POST", "/password", Section.SESSION, true, this::changePassword));
        routes.add(Route.page("POST", "/sign-out", Section.SESSION, true, this::signOut));
        routes.add(Route.page("GET", "/", Section.STATUS, false, this::status));
        routes.add(Route.page("GET", "/network/firewall", Section.NETWORK, false, this::firewall));
        routes.add(Route.page("GET", "/network/firewall/new", Section.NETWORK, false,
                r -> ruleForm(r, RuleRow.empty(), List.of(), 200)));
        routes.add(Route.page("GET", "/network/firewall/{index}", Section.NETWORK, false, this::editRule));
        routes.add(Route.page("POST", "/network/firewall/save", Section.NETWORK, false, this::saveRule));
        routes.add(Route.page("POST", "/network/firewall/{index}/{operation}", Section.NETWORK, false, this::ruleOperation));
        routes.add(Route.page("GET", "/settings/configuration", Section.SETTINGS, false, this::configuration));
        routes.add(Route.page("POST", "/settings/configuration", Section.SETTINGS, false, this::applyConfiguration));
        routes.add(Route.page("GET", "/settings/history", Section.SETTINGS, false, this::history));
        routes.add(Route.page("GET", "/settings/history/{number}/diff", Section.SETTINGS, false, this::diff));
        routes.add(Route.page("POST", "/settings/history/{number}/rollback", Section.SETTINGS, false, this::rollback));
        routes.addAll(new dev.palisade.management.users.UsersPages(pages).routes());
        routes.add(Route.page("GET", "/about", Section.ABOUT, false, this::about));
        routes.add(Route.page("GET", "/lang", Section.PUBLIC, true, WebPages::language));
        routes.addAll(StaticFiles.routes());
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Renders refusals of page routes (404, 403 and the like) as a page in the caller's language. */
    public Dispatcher.PageErrors errors() {
        return (request, e) -> {
            Messages m = Pages.messages(request.getHeaders().get(HttpHeader.COOKIE));
            Page page = new Page(m, m.get("error.title"), List.of(), "", pages.headerMode(m), "", "/");
            return pages.render(e.status(), "error", page, Map.of("status", e.status(), "message", e.getMessage()));
        };
    }

    private Page page(ApiRequest request, String titleKey) {
        return pages.page(request, titleKey);
    }

    private ApiResponse render(int status, String template, Page page, Map<String, Object> parameters) {
        return pages.render(status, template, page, parameters);
    }

    private static List<FieldError> errors(ApiException e) {
        return Pages.errors(e);
    }

    private static FormBody form(ApiRequest request) throws ApiException {
        return Pages.form(request);
    }

    private static String jsonString(String text) {
        return Pages.jsonString(text);
    }

    // ---- sign-in, password, sign-out, language

    private ApiResponse signInPage(ApiRequest request) {
        return render(200, "signin", page(request, "signin.title"), Map.of("error", ""));
    }

    private ApiResponse signIn(ApiRequest request) throws ApiException, IOException {
        FormBody form = form(request);
        String body = "{\"name\":" + jsonString(form.text("name")) + ",\"password\":" + jsonString(form.text("password")) + "}";
        ApiResponse answer;
        try {
            answer = pages.call(request, "POST", "/api/session", body);
        } catch (ApiException e) {
            return render(e.status(), "signin", page(request, "signin.title"), Map.of("error", e.getMessage()));
        }
        boolean mustChange = Pages.mapper().readTree(answer.body()).path("mustChangePassword").asBoolean();
        ApiResponse redirect = ApiResponse.redirect(mustChange ? "/password" : "/");
        for (String cookie : answer.setCookies()) {
            redirect = redirect.withCookie(cookie);
        }
        return redirect;
    }

    private ApiResponse passwordPage(ApiRequest request, List<FieldError> errors, int status) {
        return render(status, "password", page(request, "password.title"),
                Map.of("errors", errors, "forced", request.requireSession().mustChangePassword()));
    }

    private ApiResponse changePassword(ApiRequest request) throws ApiException, IOException {
        FormBody form = form(request);
        String body = "{\"oldPassword\":" + jsonString(form.text("oldPassword")) + ",\"newPassword\":"
                + jsonString(form.text("newPassword")) + ",\"confirmPassword\":" + jsonString(form.text("confirmPassword")) + "}";
        try {
            pages.call(request, "PUT", "/api/accounts/administrator/credentials", body);
        } catch (ApiException e) {
            return passwordPage(request, errors(e), e.status());
        }
        return ApiResponse.redirect("/");
    }

    private ApiResponse signOut(ApiRequest request) throws ApiException, IOException {
        ApiResponse answer = pages.call(request, "DELETE", "/api/session", null);
        ApiResponse redirect = ApiResponse.redirect("/sign-in");
        for (String cookie : answer.setCookies()) {
            redirect = redirect.withCookie(cookie);
        }
        return redirect;
    }

    /** Sets the language cookie (a preference, not a secret) and returns to the page. */
    private static ApiResponse language(ApiRequest request) {
        String to = "ru".equals(request.query().get("to")) ? "ru" : "en";
        String back = request.query().getOrDefault("back", "/");
        if (!back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            back = "/";
        }
        return ApiResponse.redirect(back).withCookie(Messages.COOKIE + "=" + to + "; Path=/; Max-Age=31536000; Secure; SameSite=Strict");
    }

    // ---- status, users, about

    private ApiResponse status(ApiRequest request) throws ApiException, IOException {
        JsonNode status = pages.json(request, "GET", "/api/status", null);
        Messages m = Pages.messages(request.cookieHeader());
        List<Map.Entry<String, String>> counters = new ArrayList<>();
        JsonNode engine = status.path("engine");
        for (String key : List.of("packets", "malformed", "connections", "connectionEvictions", "fragmentsReassembled", "tcpInvalid",
                "icmpErrorsSent")) {
            counters.add(Map.entry(m.get("status.counter." + key), engine.path(key).asString()));
        }
        List<Map.Entry<String, String>> stages = new ArrayList<>();
        for (var stage : engine.path("byStage").properties()) {
            if (stage.getValue().asLong() != 0) {
                stages.add(Map.entry(stage.getKey().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), stage.getValue().asString()));
            }
        }
        JsonNode device = status.path("device");
        String wan = device.path("wanAddress").asString();
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        rows.add(Map.entry(m.get("status.name"), device.path("name").asString()));
        rows.add(Map.entry(m.get("status.type"), m.get("status.type." + device.path("type").asString())));
        rows.add(Map.entry(m.get("status.operatingMode"), device.path("operatingMode").asString(m.get("status.operatingMode.untracked"))));
        rows.add(Map.entry(m.get("status.lan"), device.path("lanAddress").asString()));
        rows.add(Map.entry(m.get("status.wan"), wan.equals("dhcp") ? m.get("status.wan.dhcp") : wan.isEmpty() ? "-" : wan));
        rows.add(Map.entry(m.get("status.central"), m.get("status.central." + device.path("centralManagement").asString())));
        rows.add(Map.entry(m.get("status.version"), device.path("configurationVersion").asString()));
        // Live: the kernel decides most packets; its counters by stage, then the queues' figures.
        List<Map.Entry<String, String>> kernelStages = new ArrayList<>();
        List<Map.Entry<String, String>> queues = new ArrayList<>();
        JsonNode live = status.path("kernel");
        if (live.isObject()) {
            for (var stage : live.path("byStage").properties()) {
                kernelStages.add(Map.entry(stage.getKey(), stage.getValue().asString()));
            }
            for (String key : List.of("queued", "queueDropped", "userDropped")) {
                queues.add(Map.entry(m.get("status.kernel." + key), live.path(key).asString()));
            }
        }
        return render(200, "status", page(request, "status.title"), Map.of("device", rows, "counters", counters, "stages", stages,
                "live", live.isObject(), "kernelStages", kernelStages, "queues", queues));
    }

    private ApiResponse about(ApiRequest request) throws ApiException, IOException {
        return render(200, "about", page(request, "about.title"), Map.of());
    }

    // ---- firewall rules

    private ObjectNode document(ApiRequest request) throws ApiException, IOException {
        return pages.document(request);
    }

    private static ArrayNode rules(ObjectNode document) {
        ObjectNode network = document.has("NETWORK") ? (ObjectNode) document.get("NETWORK") : document.putObject("NETWORK");
        ObjectNode firewall = network.has("FIREWALL") ? (ObjectNode) network.get("FIREWALL") : network.putObject("FIREWALL");
        return firewall.has("rules") ? (ArrayNode) firewall.get("rules") : firewall.putArray("rules");
    }

    private static RuleRow row(int index, JsonNode rule, long hits) {
        return new RuleRow(index, rule.path("status").asBoolean(), rule.path("action").asString(), rule.path("protocol").asString(),
                rule.path("zone").asString(), rule.path("ipAddrSource").asString(), rule.path("ipAddrDest").asString(),
                rule.path("portSource").asString(), rule.path("portDest").asString(), rule.path("comment").asString(), hits);
    }

    private ApiResponse firewall(ApiRequest request) throws ApiException, IOException {
        ArrayNode rules = rules(document(request));
        JsonNode hits = pages.json(request, "GET", "/api/status", null).path("engine").path("firewallRuleHits");
        List<RuleRow> rows = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            rows.add(row(i, rules.get(i), hits.path(i).asLong()));
        }
        return render(200, "firewall", page(request, "firewall.title"), Map.of("rules", rows));
    }

    private ApiResponse ruleForm(ApiRequest request, RuleRow rule, List<FieldError> errors, int status) {
        return render(status, "rule", page(request, "rule.title"), Map.of("rule", rule, "errors", errors));
    }

    private static int ruleIndex(String text, int size) throws ApiException {
        try {
            int index = Integer.parseInt(text);
            if (index >= 0 && index < size) {
                return index;
            }
        } catch (NumberFormatException e) {
            // Falls through to the refusal.
        }
        throw new ApiException(404, "not_found", "there is no firewall rule " + text.replaceAll("[^0-9a-zA-Z-]", "?"));
    }

    private ApiResponse editRule(ApiRequest request) throws ApiException, IOException {
        ArrayNode rules = rules(document(request));
        int index = ruleIndex(request.pathParameters().get("index"), rules.size());
        return ruleForm(request, row(index, rules.get(index), 0), List.of(), 200);
    }

    private ApiResponse saveRule(ApiRequest request) throws ApiException, IOException {
        FormBody form = form(request);
        ObjectNode document = document(request);
        ArrayNode rules = rules(document);
        int index = form.text("index").equals("-1") ? -1 : ruleIndex(form.text("index"), rules.size());
        RuleRow typed = new RuleRow(index, form.checked("status"), form.text("action"), form.text("protocol"), form.text("zone"),
                form.text("ipAddrSource").strip(), form.text("ipAddrDest").strip(), form.text("portSource").strip(),
                form.text("portDest").strip(), form.text("comment"), 0);
        ObjectNode rule = Pages.mapper().createObjectNode();
        rule.put("status", typed.enabled());
        rule.put("action", typed.action());
        rule.put("protocol", typed.protocol());
        rule.put("zone", typed.zone());
        putIfSet(rule, "ipAddrSource", typed.source());
        putIfSet(rule, "ipAddrDest", typed.destination());
        putIfSet(rule, "portSource", typed.sourcePort());
        putIfSet(rule, "portDest", typed.destinationPort());
        putIfSet(rule, "comment", typed.comment());
        if (index < 0) {
            rules.add(rule);
        } else {
            rules.set(index, rule);
        }
        try {
            apply(request, document, (index < 0 ? "firewall rule added" : "firewall rule " + (index + 1) + " changed") + " in the web interface");
        } catch (ApiException e) {
            if (e.status() != 422) {
                throw e;
            }
            return ruleForm(request, typed, errors(e), 422);
        }
        return ApiResponse.redirect("/network/firewall");
    }

    private static void putIfSet(ObjectNode rule, String key, String value) {
        if (!value.isEmpty()) {
            rule.put(key, value);
        }
    }

    private ApiResponse ruleOperation(ApiRequest request) throws ApiException, IOException {
        ObjectNode document = document(request);
        ArrayNode rules = rules(document);
        int index = ruleIndex(request.pathParameters().get("index"), rules.size());
        String operation = request.pathParameters().get("operation");
        String comment;
        switch (operation) {
            case "delete" -> {
                rules.remove(index);
                comment = "firewall rule " + (index + 1) + " deleted";
            }
            case "toggle" -> {
                ObjectNode rule = (ObjectNode) rules.get(index);
                rule.put("status", !rule.path("status").asBoolean());
                comment = "firewall rule " + (index + 1) + (rule.path("status").asBoolean() ? " enabled" : " disabled");
            }
            case "up", "down" -> {
                int other = operation.equals("up") ? index - 1 : index + 1;
                if (other < 0 || other >= rules.size()) {
                    return ApiResponse.redirect("/network/firewall");
                }
                JsonNode moved = rules.get(index);
                rules.set(index, rules.get(other));
                rules.set(other, moved);
                comment = "firewall rule " + (index + 1) + " moved " + operation;
            }
            default -> throw new ApiException(404, "not_found", "unknown rule operation");
        }
        apply(request, document, comment + " in the web interface");
        return ApiResponse.redirect("/network/firewall");
    }

    private void apply(ApiRequest request, ObjectNode document, String comment) throws ApiException, IOException {
        pages.apply(request, document, comment);
    }

    // ---- configuration and history

    private ApiResponse configuration(ApiRequest request) throws ApiException, IOException {
        String text = new String(pages.call(request, "GET", "/api/config", null).body(), StandardCharsets.UTF_8);
        return render(200, "configuration", page(request, "configuration.title"), Map.of("text", text, "errors", List.of(),
                "applied", request.query().getOrDefault("applied", "")));
    }

    private ApiResponse applyConfiguration(ApiRequest request) throws ApiException, IOException {
        FormBody form = form(request);
        String text = form.text("document");
        String comment = form.text("comment").isBlank() ? "changed in the web interface" : form.text("comment");
        JsonNode version;
        try {
            version = Pages.mapper().readTree(pages.call(request, "PUT",
                    "/api/config?comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8), text).body());
        } catch (ApiException e) {
            if (e.status() != 422 && e.status() != 400) {
                throw e;
            }
            return render(422, "configuration", page(request, "configuration.title"), Map.of("text", text, "errors", errors(e),
                    "applied", ""));
        }
        return ApiResponse.redirect("/settings/configuration?applied=" + version.path("number").asInt());
    }

    private ApiResponse history(ApiRequest request) throws ApiException, IOException {
        JsonNode list = pages.json(request, "GET", "/api/config/versions", null);
        List<Map<String, String>> versions = new ArrayList<>();
        for (JsonNode v : list.path("versions")) {
            versions.add(Map.of("number", v.path("number").asString(), "time", v.path("time").asString(),
                    "author", v.path("author").asString(), "comment", v.path("comment").asString()));
        }
        return render(200, "history", page(request, "history.title"), Map.of("versions", versions,
                "current", list.path("current").asString()));
    }

    private ApiResponse diff(ApiRequest request) throws ApiException, IOException {
        String number = request.pathParameters().get("number");
        JsonNode diff = pages.json(request, "GET", "/api/config/versions/" + URLEncoder.encode(number, StandardCharsets.UTF_8) + "/diff",
                null);
        List<String> lines = new ArrayList<>();
        diff.path("lines").forEach(l -> lines.add(l.asString()));
        return render(200, "diff", page(request, "diff.title"), Map.of("from", diff.path("from").asString(),
                "to", diff.path("to").asString(), "lines", lines));
    }

    private ApiResponse rollback(ApiRequest request) throws ApiException, IOException {
        String number = request.pathParameters().get("number");
        pages.call(request, "POST", "/api/config/versions/" + URLEncoder.encode(number, StandardCharsets.UTF_8) + "/rollback", null);
        return ApiResponse.redirect("/settings/history");
    }
}
