package dev.palisade.management.diagnostics;

import dev.palisade.management.Feature;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.NavEntry;
import dev.palisade.management.web.Pages;
import dev.palisade.system.mode.EmergencyReason;
import dev.palisade.system.mode.EmergencySupport;
import dev.palisade.system.mode.OperatingMode;
import dev.palisade.system.selftest.CheckResult;
import dev.palisade.system.selftest.SelfTest;
import dev.palisade.system.selftest.SelfTestReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Self-diagnostics section (administrator only): {@code POST /api/selftest} runs the
 * gateway's self-test (the same {@link SelfTest} the runner ran at start, over the configuration in
 * force now), audited with the account that started it; a failed run enters emergency support
 * mode through the same {@link EmergencySupport#enterOnFailure} as at start (which ends every web
 * session, the caller's included). {@code POST /api/integrity} runs the manual integrity check and
 * {@code GET /api/integrity/report} downloads its report. The page shows each check with its
 * status and details, the overall result, the integrity status and the operating mode.
 */
public final class DiagnosticsFeature implements Feature {

    private final SelfTest selfTest;
    private final EmergencySupport emergency;
    private final ManualIntegrityCheck integrity;

    public DiagnosticsFeature(SelfTest selfTest, EmergencySupport emergency, ManualIntegrityCheck integrity) {
        this.selfTest = Objects.requireNonNull(selfTest, "selfTest");
        this.emergency = Objects.requireNonNull(emergency, "emergency");
        this.integrity = Objects.requireNonNull(integrity, "integrity");
    }

    @Override
    public List<Route> api(FeatureContext context) {
        Section s = Section.SELF_DIAGNOSTICS;
        return List.of(
                new Route("GET", "/api/selftest", s, false, 0, "The self-test's checks, its last report and the operating mode", null,
                        this::lastSelfTest),
                new Route("POST", "/api/selftest", s, false, 0,
                        "Run the self-test now (audited); a failure enters emergency support mode", null, this::runSelfTest),
                new Route("GET", "/api/integrity", s, false, 0, "The last manual integrity check", null, this::lastIntegrity),
                new Route("POST", "/api/integrity", s, false, 0, "Run the manual integrity check now (audited; never an emergency)",
                        null, this::runIntegrity),
                new Route("GET", "/api/integrity/report", s, false, 0, "The report of the last manual integrity check (text)", null,
                        this::report));
    }

    @Override
    public List<Route> pages(Pages pages) {
        Section s = Section.SELF_DIAGNOSTICS;
        return List.of(
                Route.page("GET", "/diagnostics", s, false, r -> page(pages, r)),
                Route.page("POST", "/diagnostics/selftest", s, false, r -> {
                    pages.call(r, "POST", "/api/selftest", null);
                    return ApiResponse.redirect("/diagnostics");
                }),
                Route.page("POST", "/diagnostics/integrity", s, false, r -> {
                    pages.call(r, "POST", "/api/integrity", null);
                    return ApiResponse.redirect("/diagnostics");
                }));
    }

    @Override
    public List<NavEntry> nav() {
        return List.of(new NavEntry("/diagnostics", "diagnostics.nav", Section.SELF_DIAGNOSTICS, 700));
    }

    // ---- API

    private ApiResponse lastSelfTest(ApiRequest request) {
        ObjectNode root = ApiResponse.object();
        ArrayNode names = root.putArray("checks");
        selfTest.checkNames().forEach(names::add);
        SelfTestReport last = selfTest.lastReport();
        if (last == null) {
            root.putNull("last");
        } else {
            report(root.putObject("last"), last);
        }
        mode(root.putObject("mode"), emergency.mode());
        return ApiResponse.json(root);
    }

    private ApiResponse runSelfTest(ApiRequest request) {
        SelfTestReport report = selfTest.run(request.requireSession().accountName());
        boolean entered = emergency.enterOnFailure(report);
        ObjectNode root = ApiResponse.object();
        report(root.putObject("report"), report);
        root.put("enteredEmergency", entered);
        mode(root.putObject("mode"), emergency.mode());
        return ApiResponse.json(root);
    }

    private static void report(ObjectNode out, SelfTestReport report) {
        out.put("overall", report.overall().label());
        out.put("initiator", report.initiator());
        out.put("started", report.started().toString());
        out.put("finished", report.finished().toString());
        ArrayNode checks = out.putArray("checks");
        for (CheckResult c : report.checks()) {
            ObjectNode check = checks.addObject().put("name", c.name()).put("status", c.status().label()).put("finished", c.finished().toString());
            ArrayNode details = check.putArray("details");
            c.details().forEach(details::add);
        }
    }

    private static void mode(ObjectNode out, OperatingMode mode) {
        out.put("name", mode.displayName());
        out.put("emergency", mode.inEmergency());
        out.put("description", mode.description());
        ArrayNode reasons = out.putArray("reasons");
        for (EmergencyReason r : mode.emergency()) {
            reasons.addObject().put("cause", r.cause().name()).put("description", r.description()).put("since", r.since().toString());
        }
    }

    private ApiResponse lastIntegrity(ApiRequest request) {
        ObjectNode root = ApiResponse.object();
        integrity.last().ifPresentOrElse(o -> outcome(root.putObject("last"), o), () -> root.putNull("last"));
        return ApiResponse.json(root);
    }

    private ApiResponse runIntegrity(ApiRequest request) throws ApiException {
        ManualIntegrityCheck.Outcome outcome;
        try {
            outcome = integrity.run(request.requireSession().accountName());
        } catch (IOException e) {
            throw new ApiException(500, "integrity_failed", "the integrity check could not complete: " + e.getMessage());
        }
        ObjectNode root = ApiResponse.object();
        outcome(root.putObject("last"), outcome);
        return ApiResponse.json(root);
    }

    private static void outcome(ObjectNode out, ManualIntegrityCheck.Outcome o) {
        out.put("time", o.time().toString());
        out.put("initiator", o.initiator());
        out.put("status", o.intact() ? "intact" : "violated");
        out.put("files", o.files());
        out.put("violations", o.violations());
        o.manifestProblem().ifPresent(p -> out.put("manifestProblem", p));
    }

    private ApiResponse report(ApiRequest request) throws ApiException {
        ManualIntegrityCheck.Outcome o = integrity.last()
                .orElseThrow(() -> new ApiException(404, "no_report", "no manual integrity check has run yet (POST /api/integrity)"));
        return new ApiResponse(200, "text/plain", o.report(), List.of());
    }

    // ---- page

    private ApiResponse page(Pages pages, ApiRequest request) throws ApiException, IOException {
        JsonNode test = pages.json(request, "GET", "/api/selftest", null);
        JsonNode check = pages.json(request, "GET", "/api/integrity", null);
        List<Map<String, Object>> checks = new ArrayList<>();
        JsonNode last = test.path("last");
        if (last.isObject()) {
            for (JsonNode c : last.path("checks")) {
                List<String> details = new ArrayList<>();
                c.path("details").forEach(d -> details.add(d.asString()));
                checks.add(Map.of("name", c.path("name").asString(), "status", c.path("status").asString(), "details", details));
            }
        } else {
            test.path("checks").forEach(n -> checks.add(Map.of("name", n.asString(), "status", "", "details", List.of())));
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("checks", checks);
        parameters.put("overall", last.isObject() ? last.path("overall").asString() : "");
        parameters.put("testedAt", last.isObject() ? last.path("finished").asString() + " (" + last.path("initiator").asString() + ")" : "");
        parameters.put("modeName", test.path("mode").path("name").asString());
        parameters.put("modeDescription", test.path("mode").path("description").asString());
        parameters.put("emergency", test.path("mode").path("emergency").asBoolean());
        JsonNode integrityLast = check.path("last");
        parameters.put("integrityStatus", integrityLast.isObject() ? integrityLast.path("status").asString() : "");
        parameters.put("integrityTime", integrityLast.isObject() ? integrityLast.path("time").asString() : "");
        parameters.put("integrityCounts", integrityLast.isObject()
                ? integrityLast.path("files").asString() + " / " + integrityLast.path("violations").asString() : "");
        return pages.render(200, "diagnostics", pages.page(request, "diagnostics.title"), parameters);
    }
}
