package dev.palisade.management.web;

import dev.palisade.management.account.Role;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.FormBody;
import dev.palisade.management.http.RouteTable;
import dev.palisade.management.http.Section;
import dev.palisade.management.session.CookieHeader;
import dev.palisade.management.session.Session;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every page of every feature shares: the layout's {@link Page} (texts in the caller's
 * language, the navigation the role may see, header), rendering a template, calling the API's
 * operations for the page's caller, reading forms, and turning API refusals into field errors.
 * Pages reach the gateway only through {@link #call}/{@link #json}, so a page can never do more
 * than its caller could through the API.
 */
public final class Pages {

    private final ApiCalls api;
    private final Templates templates = new Templates();
    private final List<NavEntry> nav;
    private final Supplier<String> deviceType;
    private final Supplier<Optional<String>> operatingMode;

    /**
     * Pages over {@code apiRoutes}; {@code deviceType} names the gateway's type (router or diode)
     * and {@code operatingMode} the operating mode, both shown in every page header.
     */
    public Pages(RouteTable apiRoutes, List<NavEntry> nav, Supplier<String> deviceType, Supplier<Optional<String>> operatingMode) {
        this.api = new ApiCalls(apiRoutes);
        this.nav = nav.stream().sorted(Comparator.comparingInt(NavEntry::order)).toList();
        this.deviceType = deviceType;
        this.operatingMode = operatingMode;
    }

    /** The texts for the language in a request's cookie header. */
    public static Messages messages(String cookieHeader) {
        return Messages.forLanguage(CookieHeader.value(cookieHeader, Messages.COOKIE).orElse("en"));
    }

    /** The header's mode text: the device type, then the operating mode. */
    public String headerMode(Messages m) {
        String type = m.get("mode." + deviceType.get());
        return operatingMode.get().map(op -> type + " · " + op).orElse(type);
    }

    /** The layout's data for a page titled by the message {@code titleKey}. */
    public Page page(ApiRequest request, String titleKey) {
        Messages m = messages(request.cookieHeader());
        Optional<Session> session = request.session();
        List<NavItem> items = new ArrayList<>();
        List<NavItem> tabs = new ArrayList<>();
        String account = "";
        String csrf = "";
        if (session.isPresent()) {
            Role role = session.get().role();
            account = session.get().accountName();
            csrf = session.get().csrfToken();
            if (!session.get().mustChangePassword()) {
                // One top-level entry per section; a section with several pages shows them as tabs when open.
                Map<Section, List<NavItem>> groups = new LinkedHashMap<>();
                for (NavEntry entry : nav) {
                    if (entry.section().allows(role)) {
                        String mark = mark(entry, session.get()).map(m::get).orElse("");
                        groups.computeIfAbsent(entry.section(), k -> new ArrayList<>())
                                .add(new NavItem(entry.path(), m.get(entry.key()), isActive(entry.path(), request.path()), mark));
                    }
                }
                for (Map.Entry<Section, List<NavItem>> group : groups.entrySet()) {
                    List<NavItem> members = group.getValue();
                    if (members.size() == 1) {
                        items.add(members.getFirst());
                        continue;
                    }
                    boolean open = members.stream().anyMatch(NavItem::active);
                    String mark = members.stream().map(NavItem::mark).filter(x -> !x.isEmpty()).findFirst().orElse("");
                    items.add(new NavItem(members.getFirst().path(), m.get("nav.group." + group.getKey().name().toLowerCase(Locale.ROOT)),
                            open, mark));
                    if (open) {
                        tabs.addAll(members);
                    }
                }
            }
        }
        return new Page(m, m.get(titleKey), items, account, headerMode(m), csrf, request.path()).withTabs(tabs);
    }

    /** A broken mark must not break every page: it shows no mark (and the feature's own tests catch it). */
    private static Optional<String> mark(NavEntry entry, Session session) {
        try {
            return entry.mark().reason(session);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean isActive(String navPath, String path) {
        if (navPath.equals("/")) {
            return path.equals("/");
        }
        if (!path.startsWith(navPath)) {
            return false;
        }
        // The longest matching entry is the active one (/network/firewall over /network).
        for (NavEntry other : nav) {
            if (other.path().length() > navPath.length() && other.path().startsWith(navPath) && path.startsWith(other.path())) {
                return false;
            }
        }
        return true;
    }

    /** A template ({@code src/main/jte/NAME.jte}) rendered with {@code page} and the parameters. */
    public ApiResponse render(int status, String template, Page page, Map<String, Object> parameters) {
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("page", page);
        return ApiResponse.html(status, templates.render(template, all));
    }

    /** Calls an API operation as the page's caller; the API's refusals are thrown. */
    public ApiResponse call(ApiRequest request, String method, String pathAndQuery, String jsonBody) throws ApiException, IOException {
        return api.call(request, method, pathAndQuery, jsonBody);
    }

    /** The JSON answer of an API operation called as the page's caller. */
    public JsonNode json(ApiRequest request, String method, String pathAndQuery, String jsonBody) throws ApiException, IOException {
        return api.json(request, method, pathAndQuery, jsonBody);
    }

    /** The configuration document in force, as a tree a page may edit and {@link #apply}. */
    public ObjectNode document(ApiRequest request) throws ApiException, IOException {
        return (ObjectNode) json(request, "GET", "/api/config", null);
    }

    /** Applies an edited document through {@code PUT /api/config} with a history comment. */
    public void apply(ApiRequest request, ObjectNode document, String comment) throws ApiException, IOException {
        call(request, "PUT", "/api/config?comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8),
                mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }

    /** The page request's form fields. */
    public static FormBody form(ApiRequest request) throws ApiException {
        return FormBody.parse(request.contentType(), request.body());
    }

    /** An API refusal as the list of errors a form shows (JSON path and reason). */
    public static List<FieldError> errors(ApiException e) {
        List<FieldError> out = new ArrayList<>();
        if (e.details().isEmpty()) {
            out.add(new FieldError("", e.getMessage()));
        }
        e.details().forEach(d -> out.add(new FieldError(d.path(), d.reason())));
        return out;
    }

    /** A string as a JSON string literal. */
    public static String jsonString(String text) {
        return mapper().writeValueAsString(text);
    }

    public static JsonMapper mapper() {
        return ApiCalls.mapper();
    }
}
