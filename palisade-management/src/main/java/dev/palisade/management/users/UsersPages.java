package dev.palisade.management.users;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Users page ("User settings" and "Web server settings" of the spec): the connection settings
 * form, each account's name, credential expiry and certificate with forms to change the name and
 * password and to upload a certificate, the root certificate, and the web server certificate and
 * key. Forms post to the routes below, which call the account and certificate API operations; a
 * refusal shows the form again with the API's reasons and JSON paths. Replacing the administrator
 * certificate ends the session (the API clears the cookie), so that upload leads to the sign-in page.
 */
public final class UsersPages {

    private static final List<String> SETTINGS_FIELDS = List.of("credentialValidityDays", "idleMinutes", "credentialWarningDays",
            "certificateWarningDays", "maxFailedAttempts", "lockoutMinutes");

    private final Pages pages;

    public UsersPages(Pages pages) {
        this.pages = pages;
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.page("GET", "/users", Section.USERS, false, r -> users(r, List.of(), "", 200)));
        routes.add(Route.page("POST", "/users/settings", Section.USERS, false, this::saveSettings));
        routes.add(Route.page("POST", "/users/credentials/{role}", Section.USERS, false, this::saveCredentials));
        routes.add(Route.page("POST", "/users/certificates/{kind}", Section.USERS, false, this::uploadCertificate));
        routes.add(Route.page("POST", "/users/web-server", Section.USERS, false, this::uploadWebServer));
        return routes;
    }

    private ApiResponse users(ApiRequest request, List<FieldError> errors, String failedForm, int status) throws ApiException, IOException {
        JsonNode accounts = pages.json(request, "GET", "/api/accounts", null);
        JsonNode certificates = pages.json(request, "GET", "/api/certificates", null);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("settings", accounts.path("settings"));
        parameters.put("accounts", accounts.path("accounts"));
        parameters.put("lockout", accounts.path("lockout"));
        parameters.put("certificates", certificates);
        parameters.put("errors", errors);
        parameters.put("failedForm", failedForm);
        String done = request.query().getOrDefault("done", "");
        parameters.put("done", done.matches("[a-z-]{1,30}") ? done : "");
        return pages.render(status, "users", pages.page(request, "users.title"), parameters);
    }

    private interface Call {
        ApiResponse run() throws ApiException, IOException;
    }

    /** The API call's answer, or the page again with its refusal (400, 404 and 422 are the form's to show). */
    private ApiResponse submit(ApiRequest request, String form, Call call, String done) throws ApiException, IOException {
        ApiResponse answer;
        try {
            answer = call.run();
        } catch (ApiException e) {
            if (e.status() != 400 && e.status() != 404 && e.status() != 422) {
                throw e;
            }
            return users(request, Pages.errors(e), form, e.status() == 404 ? 404 : 422);
        }
        if (!answer.setCookies().isEmpty()) {
            // The session ended (administrator certificate replaced): on to the sign-in page with the cookie cleared.
            ApiResponse redirect = ApiResponse.redirect("/sign-in");
            for (String cookie : answer.setCookies()) {
                redirect = redirect.withCookie(cookie);
            }
            return redirect;
        }
        return ApiResponse.redirect("/users?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8));
    }

    private ApiResponse saveSettings(ApiRequest request) throws ApiException, IOException {
        FormBody form = Pages.form(request);
        ObjectNode body = Pages.mapper().createObjectNode();
        for (String field : SETTINGS_FIELDS) {
            String text = form.text(field).strip();
            if (!text.matches("[0-9]{1,6}")) {
                return users(request, List.of(new FieldError("$." + field, pages.page(request, "users.title").m().get("users.number"))),
                        "settings", 422);
            }
            body.put(field, Integer.parseInt(text));
        }
        return submit(request, "settings", () -> pages.call(request, "PUT", "/api/accounts/settings", body.toString()), "settings");
    }

    private ApiResponse saveCredentials(ApiRequest request) throws ApiException, IOException {
        String role = request.pathParameters().get("role");
        FormBody form = Pages.form(request);
        ObjectNode body = Pages.mapper().createObjectNode();
        if (!form.text("name").isBlank()) {
            body.put("name", form.text("name").strip());
        }
        body.put("oldPassword", form.text("oldPassword"));
        body.put("newPassword", form.text("newPassword"));
        body.put("confirmPassword", form.text("confirmPassword"));
        String path = "/api/accounts/" + URLEncoder.encode(role, StandardCharsets.UTF_8) + "/credentials";
        return submit(request, "credentials-" + safe(role), () -> pages.call(request, "PUT", path, body.toString()), "credentials");
    }

    private ApiResponse uploadCertificate(ApiRequest request) throws ApiException, IOException {
        String kind = request.pathParameters().get("kind");
        MultipartBody form = MultipartBody.parse(request.contentType(), request.body());
        String pem = CertificateUpload.asPem(form.file("certificate"));
        String path = "/api/certificates/" + URLEncoder.encode(kind, StandardCharsets.UTF_8);
        return submit(request, "certificate-" + safe(kind), () -> pages.call(request, "PUT", path, pem), "certificate");
    }

    private ApiResponse uploadWebServer(ApiRequest request) throws ApiException, IOException {
        MultipartBody form = MultipartBody.parse(request.contentType(), request.body());
        ObjectNode body = Pages.mapper().createObjectNode();
        body.put("certificate", CertificateUpload.asPem(form.file("certificate")));
        body.put("key", new String(form.file("key"), StandardCharsets.US_ASCII));
        return submit(request, "web-server", () -> pages.call(request, "PUT", "/api/certificates/web-server", body.toString()),
                "web-server");
    }

    private static String safe(String text) {
        return text.replaceAll("[^a-z-]", "").substring(0, Math.min(20, text.replaceAll("[^a-z-]", "").length()));
    }
}
