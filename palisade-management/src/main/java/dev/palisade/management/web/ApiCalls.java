package dev.palisade.management.web;

import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.RouteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the pages reach the gateway: only through the API's operations. A call runs the API route's
 * handler for the page request's session and certificate, after the same role and forced-password
 * checks the dispatcher makes, so a page can never do more than its caller could through the API.
 */
final class ApiCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RouteTable api;

    ApiCalls(RouteTable api) {
        this.api = api;
    }

    /** Calls {@code method pathAndQuery} with a JSON body (or none); the API's refusals are thrown. */
    ApiResponse call(ApiRequest page, String method, String pathAndQuery, String jsonBody) throws ApiException, IOException {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = new HashMap<>();
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        RouteTable.Match match = api.find(method, path).orElseThrow(() -> new IllegalStateException("no API route " + method + " " + path));
        Route route = match.route();
        if (route.section().needsSession()) {
            var session = page.requireSession();
            if (!route.section().allows(session.role())) {
                throw new ApiException(403, "forbidden", "the account has no access to this section");
            }
            if (session.mustChangePassword() && !route.duringForcedChange()) {
                throw new ApiException(403, "password_change_required", "change the password first");
            }
        }
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        ApiRequest request = new ApiRequest(method, path, match.parameters(), query, body, jsonBody == null ? null : "application/json",
                page.session(), page.certificateSha256(), page.cookieHeader());
        return route.handler().handle(request);
    }

    /** The JSON answer of a call. */
    JsonNode json(ApiRequest page, String method, String path, String jsonBody) throws ApiException, IOException {
        return JSON.readTree(call(page, method, path, jsonBody).body());
    }

    static JsonMapper mapper() {
        return JSON;
    }
}
