package dev.palisade.management.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.ApiClient;
import dev.palisade.management.MutableClock;
import dev.palisade.management.TestGateway;
import dev.palisade.management.pki.Pem;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Events and Audit sections over real HTTPS with real certificates, over a real audit store:
 * paging newest first, every filter, the CSV export byte for byte and its own audit record, the
 * role table (the user sees Events, not Audit), the pages, and the alarm mark in the navigation.
 */
class AuditViewsTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String USER_PASSWORD = "Us3r.Secret_2";

    @TempDir
    Path dir;

    MutableClock clock;
    AuditStore store;
    TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), clock);
        gateway = TestGateway.withTestPki(dir.resolve("var"), List.of(new AuditFeature(store)));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        store.close();
    }

    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        ApiClient.Answer changed = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return admin;
    }

    /** The user, signed in (which ends the administrator's session: one session at a time). */
    ApiClient user(ApiClient admin) throws Exception {
        assertThat(admin.json("PUT", "/api/accounts/user/credentials",
                "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}")
                .status()).isEqualTo(200);
        assertThat(admin.send("PUT", "/api/certificates/user", Pem.encode(gateway.user.certificate()), "application/x-pem-file").status())
                .isEqualTo(200);
        admin.send("DELETE", "/api/session", null, null);
        ApiClient user = gateway.client(gateway.user);
        assertThat(user.signIn("user", USER_PASSWORD).status()).isEqualTo(201);
        return user;
    }

    /** Records {@code n} traffic blockings at once (group commit), each with its own address. */
    void blockings(int n, String suffix) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String ip = "10.0." + (i / 250) + "." + (i % 250) + suffix;
                done.add(pool.submit(() -> store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", ip))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<Long> sequences(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("records").forEach(r -> out.add(r.path("sequence").asLong()));
        return out;
    }

    @Test
    void theEventsViewPagesNewestFirstAndLoadMoreIsAlwaysAvailable() throws Exception {
        blockings(1500, "");
        ApiClient admin = admin();
        JsonNode first = admin.get("/api/events").json();
        List<Long> seq = sequences(first);
        assertThat(seq).hasSize(1024);
        assertThat(seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        long newest = store.after(AuditLogKind.FIREWALL, 0, 100_000).getLast().sequence();
        assertThat(seq.getFirst()).isEqualTo(newest);
        assertThat(first.path("nextBefore").asLong()).isEqualTo(seq.getLast());
        assertThat(first.path("subjects")).extracting(JsonNode::asString).contains("System: Audit", "System: TrafficController");

        JsonNode second = admin.get("/api/events?before=" + first.path("nextBefore").asLong()).json();
        List<Long> rest = sequences(second);
        // 1500 blockings + the audit start record, every one exactly once over the two pages
        assertThat(seq.size() + rest.size()).isEqualTo(1501);
        assertThat(rest.getFirst()).isEqualTo(seq.getLast() - 1);
        assertThat(rest.getLast()).isEqualTo(1);

        JsonNode third = admin.get("/api/events?before=" + second.path("nextBefore").asLong()).json();
        assertThat(third.path("records").size()).isZero();
        assertThat(third.path("nextBefore").asLong()).isEqualTo(1);

        JsonNode small = admin.get("/api/events?limit=10&before=100").json();
        assertThat(sequences(small)).containsExactly(99L, 98L, 97L, 96L, 95L, 94L, 93L, 92L, 91L, 90L);
    }

    @Test
    void filtersByDayPeriodSeverityAndSubject() throws Exception {
        blockings(5, "");
        clock.advance(Duration.ofDays(1));
        store.record(AuditEventType.RULE_CREATION_LIMIT_FOR_IDSPPROXY, Map.of("IP address", "10.9.9.9", "maximum number of rules", "1024"));
        store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
        clock.advance(Duration.ofDays(1));
        blockings(3, "");
        ApiClient admin = admin();
        String day1 = "2026-11-20";
        String day2 = "2026-11-21";

        JsonNode first = admin.get("/api/events?date=" + day1).json();
        assertThat(first.path("records")).hasSize(6).allSatisfy(r -> assertThat(r.path("time").asString()).startsWith(day1));
        JsonNode second = admin.get("/api/events?date=" + day2).json();
        assertThat(second.path("records")).extracting(r -> r.path("event").asString())
                .containsExactly("CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES", "RULE_CREATION_LIMIT_FOR_IDSPPROXY");
        assertThat(admin.get("/api/events?from=" + day2).json().path("records")).hasSize(5);
        assertThat(admin.get("/api/events?from=" + day1 + "&to=" + day2).json().path("records")).hasSize(8);
        assertThat(admin.get("/api/events?to=2026-11-19").json().path("records")).isEmpty();

        JsonNode critical = admin.get("/api/events?severity=critical").json();
        assertThat(critical.path("records")).singleElement().satisfies(r -> {
            assertThat(r.path("severity").asString()).isEqualTo("critical");
            assertThat(r.path("text").asString()).isEqualTo("Failed to block device 10.9.9.9: maximum limit on blocking rules reached(1024)");
            assertThat(r.path("name").asString()).isEqualTo("TrafficController: Rule creation limit for IDSPProxy");
            assertThat(r.path("subject").asString()).isEqualTo("System: TrafficController");
        });
        assertThat(admin.get("/api/events?severity=warning,critical").json().path("records")).hasSize(9);
        JsonNode audit = admin.get("/api/events?subjects=" + enc("[\"System: Audit\"]")).json();
        assertThat(audit.path("records")).singleElement()
                .satisfies(r -> assertThat(r.path("event").asString()).isEqualTo("AUDIT_SUBSYSTEM_START"));
        assertThat(admin.get("/api/events?subjects=" + enc("[\"System: Audit\",\"System: TrafficController\"]") + "&severity=informational")
                .json().path("records")).hasSize(2);

        ApiClient.Answer bad = admin.get("/api/events?severity=fatal");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("details").get(0).path("path").asString()).isEqualTo("severity");
        assertThat(admin.get("/api/events?sevrity=critical").status()).isEqualTo(400);
    }

    /** RFC 4180 as the test reads it, written independently of the store's formatter. */
    static String csv(JsonNode records) {
        StringBuilder out = new StringBuilder("Sequence,Date and time,Event name,Event text,Subject ID,Severity\r\n");
        for (JsonNode r : records) {
            String severity = r.path("severity").asString();
            out.append(r.path("sequence").asLong()).append(',').append(r.path("time").asString()).append(',')
                    .append(field(r.path("name").asString())).append(',').append(field(r.path("text").asString())).append(',')
                    .append(field(r.path("subject").asString())).append(',')
                    .append(Character.toUpperCase(severity.charAt(0))).append(severity.substring(1)).append("\r\n");
        }
        return out.toString();
    }

    static String field(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\r") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    @Test
    void theExportIsExactlyTheFilteredViewAndIsItselfAudited() throws Exception {
        blockings(4, "");
        store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.1.1.1 \"quoted\", with comma"));
        store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
        ApiClient admin = admin();

        String filter = "severity=warning";
        JsonNode view = admin.get("/api/events?" + filter).json();
        assertThat(view.path("records")).hasSize(5);
        ApiClient.Answer export = admin.get("/api/events/export?" + filter);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(export.body()).isEqualTo(csv(view.path("records")));
        assertThat(export.body()).doesNotContain("Informational")
                .contains(",\"The traffic from the device 10.1.1.1 \"\"quoted\"\", with comma is blocked\",");

        // The export is recorded by the account that asked, after the records it exported.
        JsonNode newest = admin.get("/api/events?limit=1").json().path("records").get(0);
        assertThat(newest.path("event").asString()).isEqualTo("LOG_EXPORT");
        assertThat(newest.path("subject").asString()).isEqualTo("admin");
        assertThat(newest.path("text").asString()).isEqualTo("The log is exported");

        // Unfiltered, the whole log, the export record included.
        ApiClient.Answer all = admin.get("/api/events/export");
        JsonNode everything = admin.get("/api/events").json();
        // the second export's own record came after it was written: drop it from the view for the comparison
        assertThat(everything.path("records").get(0).path("event").asString()).isEqualTo("LOG_EXPORT");
        List<JsonNode> written = new ArrayList<>();
        everything.path("records").forEach(written::add);
        assertThat(all.body()).isEqualTo(csv(tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(written.subList(1, written.size()))));

        // The operating-system log's export is its own event.
        assertThat(admin.get("/api/audit/export").status()).isEqualTo(200);
        JsonNode osNewest = admin.get("/api/audit?limit=1").json().path("records").get(0);
        assertThat(osNewest.path("event").asString()).isEqualTo("SYSTEM_LOG_EXPORT");
        assertThat(osNewest.path("subject").asString()).isEqualTo("admin");

        assertThat(admin.get("/api/events/export?before=5").status()).isEqualTo(400);
    }

    @Test
    void theUserSeesEventsAndExportsThemButNotTheAuditLog() throws Exception {
        blockings(2, "");
        ApiClient user = user(admin());
        assertThat(user.get("/api/events").status()).isEqualTo(200);
        ApiClient.Answer export = user.get("/api/events/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(store.page(dev.palisade.audit.store.AuditQuery.of(AuditLogKind.FIREWALL).withLimit(1)).records().getFirst())
                .satisfies(r -> {
                    assertThat(r.event()).isEqualTo(AuditEventType.LOG_EXPORT);
                    assertThat(r.subject()).isEqualTo("user");
                });
        for (String path : List.of("/api/audit", "/api/audit/export", "/audit", "/audit/more")) {
            ApiClient.Answer refused = user.get(path);
            assertThat(refused.status()).as(path).isEqualTo(403);
        }
        assertThat(user.get("/api/audit").code()).isEqualTo("forbidden");
        String page = user.get("/events").body();
        assertThat(page).contains("href=\"/events\"").doesNotContain("href=\"/audit\"");
    }

    @Test
    void thePagesFilterEscapeAndLoadMore() throws Exception {
        store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "<script>alert(1)</script>"));
        store.record(AuditEventType.RULE_CREATION_LIMIT_FOR_IDSPPROXY, Map.of("IP address", "10.9.9.9", "maximum number of rules", "1"));
        ApiClient admin = admin();
        String all = admin.get("/events").body();
        assertThat(all).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
        assertThat(all).contains("id=\"load-more\"").contains("href=\"/api/events/export\"");
        assertThat(all).containsPattern("<tr id=\"record-3\" class=\"critical\">");

        ApiClient.Answer critical = admin.get("/events?severity.critical=on&from=&to=&subject.0=System%3A+TrafficController");
        assertThat(critical.status()).isEqualTo(200);
        assertThat(critical.body()).contains("id=\"record-3\"").doesNotContain("id=\"record-2\"").doesNotContain("id=\"record-1\"");
        // The export link carries exactly the filter shown.
        assertThat(critical.body()).contains("href=\"/api/events/export?severity=critical&amp;subjects=" + enc("[\"System: TrafficController\"]")
                .replace("&", "&amp;") + "\"");
        assertThat(critical.body()).contains("id=\"reset\"");

        ApiClient.Answer more = admin.get("/events/more?before=3");
        assertThat(more.body()).doesNotContain("<html").contains("id=\"record-2\"").contains("id=\"record-1\"").doesNotContain("id=\"record-3\"")
                .contains("hx-get=\"/events/more?before=1\"");
        ApiClient.Answer exhausted = admin.get("/events/more?before=1");
        assertThat(exhausted.body()).contains("id=\"load-more\"").doesNotContain("id=\"record-");

        ApiClient.Answer bad = admin.get("/events?from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("expected a date YYYY-MM-DD");
    }

    @Test
    void aCriticalEventMarksTheSectionUntilTheAccountViewsIt() throws Exception {
        ApiClient admin = admin();
        assertThat(admin.get("/").body()).doesNotContain("class=\"alarm\"");

        store.record(AuditEventType.OBJECT_INTEGRITY_VIOLATION, Map.of("object", "palisade.jar", "description", "changed"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.get("/").body().contains("href=\"/audit\" class=\"\">Audit<span class=\"alarm\""));
        assertThat(admin.get("/").body()).doesNotContain("href=\"/events\" class=\"\">Events<span");

        // Viewing an older page or a filtered page of another log does not count.
        admin.get("/api/audit?before=2");
        admin.get("/events");
        assertThat(admin.get("/").body()).contains("Audit<span class=\"alarm\"");
        admin.get("/audit");
        assertThat(admin.get("/").body()).doesNotContain("class=\"alarm\"");

        store.record(AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.get("/").body().contains("Events<span class=\"alarm\""));
        // Each account has its own view: the user has not seen it either.
        ApiClient user = user(admin);
        assertThat(user.get("/").body()).contains("Events<span class=\"alarm\"").doesNotContain("Audit<");
        user.get("/api/events");
        assertThat(user.get("/").body()).doesNotContain("class=\"alarm\"");
    }
}
