package dev.palisade.management.settings;

import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.FormBody;
import dev.palisade.management.http.MultipartBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.CertificateUpload;
import dev.palisade.management.web.FieldError;
import dev.palisade.management.web.Pages;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pages of the General, Notifications and Central management tabs: plain HTML forms (file
 * inputs as {@code multipart/form-data}) that call the tabs' API operations as the signed-in
 * administrator and answer with a redirect, or with the form again and the API's refusals (JSON
 * path and reason) when something was refused. Secrets (MQTT password, client key) are never put
 * back into a form: an empty field keeps the stored value.
 */
final class SettingsPages {

    private final Pages pages;

    SettingsPages(Pages pages) {
        this.pages = pages;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.page("GET", "/settings/general", Section.SETTINGS, false, r -> general(r, List.of(), 200)));
        routes.add(Route.page("POST", "/settings/general", Section.SETTINGS, false, this::saveGeneral));
        routes.add(Route.page("POST", "/settings/general/time", Section.SETTINGS, false, this::saveTime));
        routes.add(Route.page("GET", "/settings/notifications", Section.SETTINGS, false, r -> notifications(r, List.of(), 200)));
        routes.add(Route.page("POST", "/settings/notifications/syslog", Section.SETTINGS, false, this::saveSyslog));
        routes.add(Route.page("POST", "/settings/notifications/mqtt", Section.SETTINGS, false, this::saveMqtt));
        routes.add(Route.page("GET", "/settings/central-management", Section.SETTINGS, false, r -> central(r, List.of(), 200)));
        routes.add(Route.page("POST", "/settings/central-management", Section.SETTINGS, false, this::saveCentral));
        routes.add(Route.page("POST", "/settings/central-management/certificate", Section.SETTINGS, false, this::uploadCentral));
        routes.add(Route.page("POST", "/settings/central-management/certificate/delete", Section.SETTINGS, false, this::deleteCentral));
        return routes;
    }

    /** Runs an API call; a refusal the form can show (400, 409, 422) becomes its errors, anything else is thrown. */
    private interface Call {
        void run() throws ApiException, IOException;
    }

    private static List<FieldError> attempt(Call call) throws ApiException, IOException {
        try {
            call.run();
            return List.of();
        } catch (ApiException e) {
            if (e.status() != 400 && e.status() != 409 && e.status() != 422) {
                throw e;
            }
            return Pages.errors(e);
        }
    }

    private static String done(ApiRequest request) {
        String done = request.query().getOrDefault("done", "");
        return done.matches("[a-z-]{1,30}") ? done : "";
    }

    // ---- general

    private ApiResponse general(ApiRequest request, List<FieldError> errors, int status) throws ApiException, IOException {
        JsonNode general = pages.json(request, "GET", "/api/settings/general", null);
        String time = general.path("time").asString();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("deviceName", general.path("deviceName").asString());
        parameters.put("date", time.length() >= 10 ? time.substring(0, 10) : "");
        parameters.put("time", time.length() >= 16 ? time.substring(11, 16) : "");
        parameters.put("now", time);
        parameters.put("errors", errors);
        parameters.put("done", done(request));
        return pages.render(status, "settings-general", pages.page(request, "settings.general.title"), parameters);
    }

    private ApiResponse saveGeneral(ApiRequest request) throws ApiException, IOException {
        FormBody form = Pages.form(request);
        ObjectNode body = Pages.mapper().createObjectNode().put("deviceName", form.text("deviceName").strip());
        List<FieldError> errors = attempt(() -> pages.call(request, "PUT", "/api/settings/general", body.toString()));
        return errors.isEmpty() ? ApiResponse.redirect("/settings/general?done=name") : general(request, errors, 422);
    }

    private ApiResponse saveTime(ApiRequest request) throws ApiException, IOException {
        FormBody form = Pages.form(request);
        String instant;
        try {
            instant = LocalDate.parse(form.text("date")).atTime(LocalTime.parse(form.text("time"))).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeException e) {
            return general(request, List.of(new FieldError("date", pages.page(request, "settings.general.title").m()
                    .get("settings.general.time.invalid"))), 422);
        }
        ObjectNode body = Pages.mapper().createObjectNode().put("time", instant);
        List<FieldError> errors = attempt(() -> pages.call(request, "PUT", "/api/settings/time", body.toString()));
        return errors.isEmpty() ? ApiResponse.redirect("/settings/general?done=time") : general(request, errors, 422);
    }

    // ---- notifications

    private ApiResponse notifications(ApiRequest request, List<FieldError> errors, int status) throws ApiException, IOException {
        JsonNode n = pages.json(request, "GET", "/api/settings/notifications", null);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("syslog", n.path("syslog"));
        parameters.put("mqtt", n.path("mqtt"));
        parameters.put("delivery", n.path("delivery"));
        parameters.put("errors", errors);
        parameters.put("done", done(request));
        return pages.render(status, "settings-notifications", pages.page(request, "settings.notifications.title"), parameters);
    }

    private ApiResponse saveSyslog(ApiRequest request) throws ApiException, IOException {
        MultipartBody form = MultipartBody.parse(request.contentType(), request.body());
        ObjectNode body = Pages.mapper().createObjectNode();
        body.put("enabled", form.checked("enabled"));
        body.put("host", form.text("host"));
        body.put("mode", form.text("mode"));
        String certificate = CertificateUpload.asPem(form.file("certificate"));
        if (!certificate.isEmpty()) {
            body.put("certificate", certificate);
        }
        List<FieldError> errors = attempt(() -> pages.call(request, "PUT", "/api/settings/notifications/syslog", body.toString()));
        return errors.isEmpty() ? ApiResponse.redirect("/settings/notifications?done=syslog") : notifications(request, errors, 422);
    }

    private ApiResponse saveMqtt(ApiRequest request) throws ApiException, IOException {
        MultipartBody form = MultipartBody.parse(request.contentType(), request.body());
        ObjectNode body = Pages.mapper().createObjectNode();
        body.put("enabled", form.checked("enabled"));
        body.put("serverAddress", form.text("serverAddress"));
        String port = form.text("serverPort").strip();
        if (port.matches("[0-9]{1,5}")) {
            body.put("serverPort", Integer.parseInt(port));
        } else {
            return notifications(request, List.of(new FieldError("$.serverPort", "1-65535")), 422);
        }
        body.put("eventTopic", form.text("eventTopic"));
        body.put("authEnabled", form.checked("authEnabled"));
        body.put("login", form.text("login"));
        if (!form.text("password").isEmpty()) {
            body.put("password", form.text("password"));
        }
        body.put("tlsEnabled", form.checked("tlsEnabled"));
        putIfChosen(body, "rootCertificate", CertificateUpload.asPem(form.file("rootCertificate")));
        putIfChosen(body, "clientCertificate", CertificateUpload.asPem(form.file("clientCertificate")));
        byte[] key = form.file("clientKey");
        if (key.length > 0) {
            body.put("clientKey", new String(key, java.nio.charset.StandardCharsets.US_ASCII));
        }
        List<FieldError> errors = attempt(() -> pages.call(request, "PUT", "/api/settings/notifications/mqtt", body.toString()));
        return errors.isEmpty() ? ApiResponse.redirect("/settings/notifications?done=mqtt") : notifications(request, errors, 422);
    }

    private static void putIfChosen(ObjectNode body, String field, String value) {
        if (!value.isEmpty()) {
            body.put(field, value);
        }
    }

    // ---- central management

    private ApiResponse central(ApiRequest request, List<FieldError> errors, int status) throws ApiException, IOException {
        JsonNode c = pages.json(request, "GET", "/api/settings/central-management", null);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("central", c);
        parameters.put("errors", errors);
        parameters.put("done", done(request));
        return pages.render(status, "settings-central", pages.page(request, "settings.central.title"), parameters);
    }

    private ApiResponse saveCentral(ApiRequest request) throws ApiException, IOException {
        FormBody form = Pages.form(request);
        ObjectNode body = Pages.mapper().createObjectNode().put("address", form.text("address").strip());
        String heartbeat = form.text("heartbeatSeconds").strip();
        if (!heartbeat.isEmpty()) {
            if (!heartbeat.matches("[0-9]{1,6}")) {
                return central(request, List.of(new FieldError("$.SETTINGS.KSC.heartbeat", "1-86400")), 422);
            }
            body.put("heartbeatSeconds", Integer.parseInt(heartbeat));
        }
        List<FieldError> errors = attempt(() -> pages.call(request, "PUT", "/api/settings/central-management", body.toString()));
        return errors.isEmpty() ? ApiResponse.redirect("/settings/central-management?done=address") : central(request, errors, 422);
    }

    private ApiResponse uploadCentral(ApiRequest request) throws ApiException, IOException {
        MultipartBody form = MultipartBody.parse(request.contentType(), request.body());
        String pem = CertificateUpload.asPem(form.file("certificate"));
        List<FieldError> errors = attempt(() -> pages.call(request, "PUT", "/api/settings/central-management/certificate", pem));
        return errors.isEmpty() ? ApiResponse.redirect("/settings/central-management?done=certificate") : central(request, errors, 422);
    }

    private ApiResponse deleteCentral(ApiRequest request) throws ApiException, IOException {
        try {
            pages.call(request, "DELETE", "/api/settings/central-management/certificate", null);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        return ApiResponse.redirect("/settings/central-management?done=deleted");
    }
}
