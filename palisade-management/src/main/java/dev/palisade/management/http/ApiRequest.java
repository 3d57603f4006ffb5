package dev.palisade.management.http;

import dev.palisade.management.session.Session;
import java.util.Map;
import java.util.Optional;

/**
 * A request as a handler sees it, after the dispatcher's checks: the path parameters of the
 * route, the query, the body (bounded by the route), the session (present for every section that
 * needs one, its role already checked) and the SHA-256 of the TLS client certificate.
 */
public record ApiRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
        byte[] body, String contentType, Optional<Session> session, byte[] certificateSha256, String cookieHeader) {

    public ApiRequest {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
    }

    /** A request without a {@code Cookie} header (the pages read the language cookie from it). */
    public ApiRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
            byte[] body, String contentType, Optional<Session> session, byte[] certificateSha256) {
        this(method, path, pathParameters, query, body, contentType, session, certificateSha256, null);
    }

    /** The session; only call from routes whose section needs one. */
    public Session requireSession() {
        return session.orElseThrow(() -> new IllegalStateException("route without a session asked for one"));
    }

    /** The body as a JSON object. */
    public JsonBody json() throws ApiException {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the body as application/json");
        }
        return JsonBody.parse(body);
    }
}
