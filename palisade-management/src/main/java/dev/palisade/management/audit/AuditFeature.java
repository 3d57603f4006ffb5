package dev.palisade.management.audit;

import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.Severity;
import dev.palisade.audit.store.AuditPage;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.AuditStoreException;
import dev.palisade.management.Feature;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.NavEntry;
import dev.palisade.management.web.Page;
import dev.palisade.management.web.Pages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Events section (the firewall audit log; administrator and user) and the Audit section (the
 * operating-system audit log; administrator only), as the specification's role table assigns them.
 * Each has an API view ({@code GET /api/events}, {@code GET /api/audit}: newest first, 1,024 records
 * a page, filtered by {@link LogFilter}), a CSV export of exactly the filtered view
 * ({@code .../export}, RFC 4180, recorded in the log as the catalog's export event by the account
 * that asked), a page with the filter form and "Load more", and the alarm mark in the navigation.
 */
public final class AuditFeature implements Feature {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One of the two views: its log, section, API and page paths, title and navigation place. */
    private record View(AuditLogKind log, Section section, String api, String page, String titleKey, int order) {
    }

    static final View EVENTS = new View(AuditLogKind.FIREWALL, Section.EVENTS, "/api/events", "/events", "audit.events.title", 200);
    static final View AUDIT = new View(AuditLogKind.OPERATING_SYSTEM, Section.AUDIT, "/api/audit", "/audit", "audit.audit.title", 300);

    private final AuditStore store;
    private final AlarmMarks marks;

    /** The views over {@code store}, the running gateway's audit store. */
    public AuditFeature(AuditStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.marks = new AlarmMarks(store);
    }

    @Override
    public List<Route> api(FeatureContext context) {
        List<Route> routes = new ArrayList<>();
        for (View v : List.of(EVENTS, AUDIT)) {
            String what = v.log() == AuditLogKind.FIREWALL ? "firewall" : "operating-system";
            routes.add(new Route("GET", v.api(), v.section(), false, 0,
                    "One page of the " + what + " audit log, newest first (filters: date, from, to, severity, subjects; before, limit)",
                    null, r -> list(r, v)));
            routes.add(new Route("GET", v.api() + "/export", v.section(), false, 0,
                    "The filtered " + what + " audit log as CSV (RFC 4180); the export is audited", null, r -> export(r, v)));
        }
        return routes;
    }

    @Override
    public List<Route> pages(Pages pages) {
        List<Route> routes = new ArrayList<>();
        for (View v : List.of(EVENTS, AUDIT)) {
            routes.add(Route.page("GET", v.page(), v.section(), false, r -> view(pages, r, v, false)));
            routes.add(Route.page("GET", v.page() + "/more", v.section(), false, r -> view(pages, r, v, true)));
        }
        return routes;
    }

    @Override
    public List<NavEntry> nav() {
        return List.of(new NavEntry(EVENTS.page(), "audit.nav.events", EVENTS.section(), EVENTS.order(), marks.mark(EVENTS.log())),
                new NavEntry(AUDIT.page(), "audit.nav.audit", AUDIT.section(), AUDIT.order(), marks.mark(AUDIT.log())));
    }

    // ---- API

    private ApiResponse list(ApiRequest request, View v) throws ApiException {
        LogFilter filter = LogFilter.parse(request.query());
        AuditPage page;
        List<String> subjects;
        try {
            page = store.page(filter.toQuery(v.log()));
            subjects = store.subjects(v.log());
        } catch (AuditStoreException e) {
            throw new ApiException(500, "audit_unreadable", "the audit log cannot be read: " + e.getMessage());
        }
        if (filter.before() == Long.MAX_VALUE) {
            // The newest page was shown: the critical events up to now have been seen.
            marks.viewed(v.log(), request.requireSession().accountName());
        }
        ObjectNode root = ApiResponse.object();
        root.put("log", v.log().key());
        root.put("capacity", store.limits().capacity(v.log()));
        ArrayNode records = root.putArray("records");
        for (AuditRecord r : page.records()) {
            records.addObject().put("sequence", r.sequence()).put("time", r.time().toString()).put("event", r.event().name())
                    .put("name", r.event().eventName()).put("text", r.text()).put("subject", r.subject())
                    .put("severity", r.severity().name().toLowerCase(Locale.ROOT));
        }
        // "Load more" is always offered (the specification): an exhausted view answers an empty page.
        root.put("nextBefore", page.nextBefore());
        ArrayNode all = root.putArray("subjects");
        subjects.forEach(all::add);
        return ApiResponse.json(root);
    }

    private ApiResponse export(ApiRequest request, View v) throws ApiException {
        LogFilter filter = LogFilter.parse(request.query());
        if (filter.before() != Long.MAX_VALUE || filter.limit() != LogFilter.ALL.limit()) {
            throw ApiException.badRequest("before", "the export holds the whole filtered view; it takes no page parameters");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            store.exportCsv(filter.toQuery(v.log()), out, request.requireSession().accountName());
        } catch (IOException | AuditStoreException e) {
            throw new ApiException(500, "export_failed", "the log could not be exported (recorded as an export error): " + e.getMessage());
        }
        return new ApiResponse(200, "text/csv", out.toByteArray(), List.of());
    }

    // ---- pages

    private ApiResponse view(Pages pages, ApiRequest request, View v, boolean fragment) throws ApiException, IOException {
        LogFilter filter = LogFilter.parse(request.query());
        String query = filter.pageQuery();
        JsonNode answer = pages.json(request, "GET", v.api() + (query.isEmpty() ? "" : "?" + query), null);
        Page page = pages.page(request, v.titleKey());
        List<LogRow> rows = new ArrayList<>();
        for (JsonNode r : answer.path("records")) {
            String severity = r.path("severity").asString();
            rows.add(new LogRow(r.path("sequence").asLong(), TIME.format(Instant.parse(r.path("time").asString())),
                    r.path("name").asString(), r.path("text").asString(), r.path("subject").asString(),
                    page.m().get("audit.severity." + severity), severity.equals("critical")));
        }
        LogFilter next = filter.before(answer.path("nextBefore").asLong());
        String filterQuery = filter.query();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("rows", rows);
        parameters.put("base", v.page());
        parameters.put("moreQuery", next.pageQuery());
        if (fragment) {
            return pages.render(200, "audit-more", page, parameters);
        }
        Set<String> subjects = new TreeSet<>();
        answer.path("subjects").forEach(s -> subjects.add(s.asString()));
        subjects.addAll(filter.subjects());
        List<String> severities = new ArrayList<>();
        for (Severity s : Severity.values()) {
            severities.add(s.name().toLowerCase(Locale.ROOT));
        }
        parameters.put("from", filter.from() == null ? "" : filter.from().toString());
        parameters.put("to", filter.to() == null ? "" : filter.to().toString());
        parameters.put("severities", severities);
        parameters.put("checkedSeverities", filter.severities().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        parameters.put("subjects", List.copyOf(subjects));
        parameters.put("checkedSubjects", List.copyOf(filter.subjects()));
        parameters.put("narrowed", filter.narrowed());
        parameters.put("exportHref", v.api() + "/export" + (filterQuery.isEmpty() ? "" : "?" + filterQuery));
        parameters.put("exportName", (v.log() == AuditLogKind.FIREWALL ? "events" : "audit") + ".csv");
        parameters.put("capacity", answer.path("capacity").asString());
        return pages.render(200, "audit-log", page, parameters);
    }
}
