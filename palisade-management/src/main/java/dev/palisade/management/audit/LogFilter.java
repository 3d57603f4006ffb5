package dev.palisade.management.audit;

import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.Severity;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.management.http.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a log view shows, as the query parameters of {@code GET /api/events}, {@code /api/audit},
 * their exports and their pages say it:
 *
 * <ul>
 *   <li>{@code date=YYYY-MM-DD} one day, or {@code from} and/or {@code to} (days, both inclusive, UTC);
 *   <li>{@code severity=critical,warning} (names of the catalog's severities; empty: all);
 *   <li>{@code subjects=["Administrator","System: Audit"]} (a JSON array of subjects exactly as recorded;
 *       JSON because a subject may hold a comma);
 *   <li>{@code before=N} the page below sequence N, {@code limit=1..1024} its size (default 1024).
 * </ul>
 *
 * An HTML form cannot send a list in one field, so the pages' check boxes send
 * {@code severity.critical=on} and {@code subject.3=System: Audit}; they are read the same way.
 * Empty values (a blank date field) mean "not set". Anything else is refused with a 400 naming
 * the parameter: a misspelt filter must not silently show everything.
 */
public record LogFilter(LocalDate from, LocalDate to, Set<Severity> severities, Set<String> subjects, long before, int limit) {

    /** Most subjects one filter may name (the views offer the subjects present in the log). */
    public static final int MAX_SUBJECTS = 64;

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Everything, newest page first. */
    public static final LogFilter ALL = new LogFilter(null, null, Set.of(), Set.of(), Long.MAX_VALUE, AuditQuery.PAGE);

    public LogFilter {
        severities = severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
        subjects = Set.copyOf(new TreeSet<>(subjects));
    }

    /** Parses the query parameters of a view; refuses unknown parameters and malformed values. */
    public static LogFilter parse(Map<String, String> query) throws ApiException {
        LocalDate from = null;
        LocalDate to = null;
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        Set<String> subjects = new TreeSet<>();
        long before = Long.MAX_VALUE;
        int limit = AuditQuery.PAGE;
        // Sorted, so the first error reported does not depend on the map's order.
        for (String key : new TreeSet<>(query.keySet())) {
            String value = query.get(key) == null ? "" : query.get(key);
            if (key.startsWith("severity.")) {
                if (!value.isEmpty()) {
                    severities.add(severity(key, key.substring("severity.".length())));
                }
                continue;
            }
            if (key.startsWith("subject.")) {
                if (!value.isEmpty()) {
                    subjects.add(subject(key, value));
                }
                continue;
            }
            switch (key) {
                case "date" -> {
                    LocalDate day = date(key, value);
                    if (day != null) {
                        if (query.containsKey("from") && !query.get("from").isEmpty() || query.containsKey("to") && !query.get("to").isEmpty()) {
                            throw ApiException.badRequest(key, "give either date or from/to, not both");
                        }
                        from = day;
                        to = day;
                    }
                }
                case "from" -> from = date(key, value) == null ? from : date(key, value);
                case "to" -> to = date(key, value) == null ? to : date(key, value);
                case "severity" -> {
                    for (String name : value.split(",", -1)) {
                        if (!name.isBlank()) {
                            severities.add(severity(key, name.strip()));
                        }
                    }
                }
                case "subjects" -> {
                    if (!value.isEmpty()) {
                        subjects.addAll(subjectList(key, value));
                    }
                }
                case "before" -> {
                    if (!value.isEmpty()) {
                        before = positive(key, value);
                    }
                }
                case "limit" -> {
                    if (!value.isEmpty()) {
                        long n = positive(key, value);
                        if (n > AuditQuery.PAGE) {
                            throw ApiException.badRequest(key, "must be 1.." + AuditQuery.PAGE);
                        }
                        limit = (int) n;
                    }
                }
                default -> throw ApiException.badRequest(printable(key), "unknown parameter; the filters are date, from, to, "
                        + "severity, subjects, before and limit");
            }
            if (subjects.size() > MAX_SUBJECTS) {
                throw ApiException.badRequest("subjects", "at most " + MAX_SUBJECTS + " subjects");
            }
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.badRequest("from", "the period starts after it ends (" + from + " > " + to + ")");
        }
        return new LogFilter(from, to, severities, subjects, before, limit);
    }

    /** The store's query for {@code log}. */
    public AuditQuery toQuery(AuditLogKind log) {
        return new AuditQuery(log, from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), severities, subjects, before, limit);
    }

    /** Whether anything narrows the view (the page's "Reset all" is offered then). */
    public boolean narrowed() {
        return from != null || to != null || !severities.isEmpty() || !subjects.isEmpty();
    }

    /** The same filter on the page below {@code sequence}. */
    public LogFilter before(long sequence) {
        return new LogFilter(from, to, severities, subjects, sequence, limit);
    }

    /**
     * The filter (not the page) as canonical query parameters, URL-encoded, {@code &}-joined; empty
     * when nothing is filtered. {@code parse(decode(query()))} gives the filter back.
     */
    public String query() {
        List<String> parts = new ArrayList<>();
        if (from != null) {
            parts.add("from=" + from);
        }
        if (to != null) {
            parts.add("to=" + to);
        }
        if (!severities.isEmpty()) {
            parts.add("severity=" + String.join(",", severities.stream().sorted().map(s -> s.name().toLowerCase(Locale.ROOT)).toList()));
        }
        if (!subjects.isEmpty()) {
            parts.add("subjects=" + URLEncoder.encode(JSON.writeValueAsString(List.copyOf(new TreeSet<>(subjects))), StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    /** {@link #query()} plus the page bound, for the "load more" link. */
    public String pageQuery() {
        String q = query();
        String page = before == Long.MAX_VALUE ? "" : "before=" + before;
        return q.isEmpty() ? page : page.isEmpty() ? q : q + "&" + page;
    }

    private static LocalDate date(String key, String value) throws ApiException {
        if (value.isEmpty()) {
            return null;
        }
        if (!DATE.matcher(value).matches()) {
            throw ApiException.badRequest(key, "expected a date YYYY-MM-DD");
        }
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() < 1970 || day.isAfter(LocalDate.of(9999, 12, 30))) {
                throw ApiException.badRequest(key, "the date must lie between 1970-01-01 and 9999-12-30");
            }
            return day;
        } catch (DateTimeException e) {
            throw ApiException.badRequest(key, "not a calendar date");
        }
    }

    private static Severity severity(String key, String name) throws ApiException {
        for (Severity s : Severity.values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw ApiException.badRequest(printable(key), "unknown severity; use informational, warning or critical");
    }

    private static String subject(String key, String value) throws ApiException {
        if (value.length() > 128 || value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(printable(key), "a subject is 1..128 characters without control characters");
        }
        return value;
    }

    private static List<String> subjectList(String key, String value) throws ApiException {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JacksonException e) {
            throw ApiException.badRequest(key, "expected a JSON array of subjects, e.g. [\"Administrator\"]");
        }
        if (node == null || !node.isArray()) {
            throw ApiException.badRequest(key, "expected a JSON array of subjects, e.g. [\"Administrator\"]");
        }
        if (node.size() > MAX_SUBJECTS) {
            throw ApiException.badRequest(key, "at most " + MAX_SUBJECTS + " subjects");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isString()) {
                throw ApiException.badRequest(key, "every subject is a string");
            }
            out.add(subject(key, element.asString()));
        }
        return out;
    }

    private static long positive(String key, String value) throws ApiException {
        if (!DIGITS.matcher(value).matches()) {
            throw ApiException.badRequest(key, "expected a positive whole number");
        }
        try {
            long n = Long.parseLong(value);
            if (n < 1) {
                throw ApiException.badRequest(key, "expected a positive whole number");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(key, "expected a positive whole number");
        }
    }

    /** A parameter name as it may appear in an error message: printable, short. */
    private static String printable(String key) {
        String cleaned = key.codePoints().limit(40).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.isEmpty() ? "(empty)" : cleaned;
    }
}
