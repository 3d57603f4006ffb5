package dev.palisade.management.http;

import dev.palisade.management.pki.CertificateInfo;
import dev.palisade.management.session.CookieHeader;
import dev.palisade.management.session.Session;
import dev.palisade.management.session.SessionRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The single entry point of every HTTP request. In order: the TLS client certificate is taken
 * from the connection (the handshake already required it and checked its chain); the route is
 * looked up in the {@link RouteTable} (404/405 otherwise); when the route's section needs a session
 * the session cookie must name the active session opened with this same certificate (401), the
 * session's role must be allowed by the section (403 {@code forbidden}), a session bound to a
 * forced password change may only reach routes marked for it (403 {@code password_change_required});
 * a state-changing method must carry the session's CSRF token in {@value #CSRF_HEADER} and must not
 * come from another site ({@code Origin}/{@code Sec-Fetch-Site}) (403 {@code csrf}); the body is
 * bounded by the route (413). Only then does the handler run. Every answer carries the same
 * security headers and errors use the one format of {@link ApiException}.
 */
public final class Dispatcher extends Handler.Abstract {

    /** The session cookie; the {@code __Host-} prefix makes browsers insist on Secure, Path=/ and no Domain. */
    public static final String SESSION_COOKIE = "__Host-palisade-session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * Largest unread body read and dropped after a refusal (see {@link #drainSmallBody}): four times the
     * largest route limit, so a client that sent a configuration document just over its 4 MiB still
     * reads the 413 instead of a reset connection. Only holders of a client certificate the root
     * signed get this far (the handshake requires one), so the cost cannot be imposed by anyone.
     */
    private static final long MAX_DRAINED = 16L * 1024 * 1024;

    private final RouteTable routes;
    private final SessionRegistry sessions;
    private final java.util.function.IntSupplier idleMinutes;
    private final java.util.function.Predicate<Session> accountValid;
    private volatile PageErrors pageErrors = (request, e) -> error(e);

    /** Renders a refusal of a page route as an HTML page (the web layer installs it). */
    @FunctionalInterface
    public interface PageErrors {
        ApiResponse render(Request request, ApiException e);
    }

    /**
     * {@code accountValid} tells whether the account behind a resumed session may still use it
     * (credentials not expired, account still enabled); a session failing it is closed.
     */
    public Dispatcher(RouteTable routes, SessionRegistry sessions, java.util.function.IntSupplier idleMinutes,
            java.util.function.Predicate<Session> accountValid) {
        this.routes = routes;
        this.sessions = sessions;
        this.idleMinutes = idleMinutes;
        this.accountValid = accountValid;
    }

    /** Installs the renderer of page refusals other than 401 and a forced password change. */
    public void pageErrors(PageErrors renderer) {
        this.pageErrors = renderer;
    }

    public RouteTable routes() {
        return routes;
    }

    /** The {@code Set-Cookie} value that installs {@code session} in the browser. */
    public static String sessionCookie(Session session, int maxAgeSeconds) {
        return SESSION_COOKIE + "=" + session.id() + "; Path=/; Max-Age=" + maxAgeSeconds + "; Secure; HttpOnly; SameSite=Strict";
    }

    /** The {@code Set-Cookie} value that removes the session cookie. */
    public static String clearedSessionCookie() {
        return SESSION_COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiResponse answer;
        try {
            answer = dispatch(request);
        } catch (ApiException e) {
            answer = refusal(request, e);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.error("request {} {} failed", request.getMethod(), Request.getPathInContext(request), e);
            answer = refusal(request, new ApiException(500, "internal_error", "the service failed to handle the request; see the service log"));
        }
        drainSmallBody(request);
        write(response, answer, callback);
        return true;
    }

    /**
     * Reads and drops a small body a refusal left unread, so the connection stays usable and the
     * client is not cut off mid-upload (it would see a broken pipe instead of the error). Larger or
     * unsized bodies are not read for a refused request (a chunked body over its route's limit is
     * dropped while it is read): the connection is closed instead.
     */
    private static void drainSmallBody(Request request) {
        long length = request.getLength();
        if (length > 0 && length <= MAX_DRAINED) {
            try {
                Content.Source.consumeAll(request);
            } catch (java.io.IOException | RuntimeException e) {
                // The client went away: nothing to answer anyway.
            }
        }
    }

    /**
     * The answer to a refused request: JSON for the API; for a page (any path outside /api/) a
     * redirect to the sign-in or password page, or an HTML error page.
     */
    private ApiResponse refusal(Request request, ApiException e) {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/api/")) {
            return error(e);
        }
        if (e.status() == 401) {
            return ApiResponse.redirect("/sign-in").withCookie(clearedSessionCookie());
        }
        if (e.code().equals("password_change_required")) {
            return ApiResponse.redirect("/password");
        }
        try {
            return pageErrors.render(request, e);
        } catch (RuntimeException failure) {
            LOG.error("rendering the error page failed", failure);
            return error(e);
        }
    }

    private ApiResponse dispatch(Request request) throws ApiException, java.io.IOException {
        byte[] certificateSha256 = clientCertificate(request);
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = Request.getPathInContext(request);
        Optional<RouteTable.Match> found = routes.find(method, path);
        if (found.isEmpty()) {
            List<String> allowed = routes.methodsFor(path);
            if (allowed.isEmpty()) {
                throw new ApiException(404, "not_found", "no such resource: " + printable(path) + "; the API is described at /api/openapi.json");
            }
            throw new ApiException(405, "method_not_allowed", "use " + String.join(" or ", allowed) + " on " + printable(path));
        }
        Route route = found.get().route();
        Optional<Session> session = Optional.empty();
        boolean refreshCookie = false;
        if (route.section().needsSession()) {
            String id = CookieHeader.value(request.getHeaders().get(HttpHeader.COOKIE), SESSION_COOKIE).orElse(null);
            session = id == null ? Optional.empty() : sessions.resume(id, certificateSha256);
            if (session.isEmpty()) {
                throw new ApiException(401, "not_signed_in", "sign in first (POST /api/session); the session may have ended after "
                        + idleMinutes.getAsInt() + " idle minutes or been closed by another sign-in");
            }
            Session s = session.get();
            if (!accountValid.test(s)) {
                sessions.close(s.id());
                throw new ApiException(401, "credentials_expired",
                        "the account's credentials or certificate are no longer valid; the session has ended. "
                        + (s.role() == dev.palisade.management.account.Role.USER ? "Ask the administrator to renew them."
                                : "Sign in again to change the password."));
            }
            if (!route.section().allows(s.role())) {
                throw new ApiException(403, "forbidden", "the " + s.role().name().toLowerCase(Locale.ROOT)
                        + " account has no access to the " + route.section().name().toLowerCase(Locale.ROOT).replace('_', '-') + " section");
            }
            if (s.mustChangePassword() && !route.duringForcedChange()) {
                throw new ApiException(403, "password_change_required",
                        "change the password first (PUT /api/accounts/administrator/credentials)");
            }
            refreshCookie = true;
        }
        byte[] body;
        if (route.changesState()) {
            checkSameSite(request);
            String token = request.getHeaders().get(CSRF_HEADER);
            body = readBody(request, route.maxBody());
            if (token == null && route.page()) {
                // A plain HTML form carries the token in a hidden field (FormBody.CSRF_FIELD).
                token = FormBody.csrfField(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
            }
            if (session.isPresent() && !SessionRegistry.csrfMatches(session.get(), token)) {
                throw new ApiException(403, "csrf", "the " + CSRF_HEADER + " header is missing or wrong; read the token from GET /api/session");
            }
        } else {
            body = readBody(request, route.maxBody());
        }
        ApiRequest apiRequest = new ApiRequest(method, path, found.get().parameters(), query(request), body,
                request.getHeaders().get(HttpHeader.CONTENT_TYPE), session, certificateSha256, request.getHeaders().get(HttpHeader.COOKIE));
        ApiResponse answer = route.handler().handle(apiRequest);
        if (refreshCookie && answer.setCookies().isEmpty()) {
            // Keeps the cookie alive exactly as long as the session's idle period from the last request.
            Optional<Session> still = sessions.active().filter(a -> a.id().equals(apiRequest.requireSession().id()));
            if (still.isPresent()) {
                answer = answer.withCookie(sessionCookie(still.get(), idleMinutes.getAsInt() * 60));
            }
        }
        return answer;
    }

    private static byte[] clientCertificate(Request request) throws ApiException {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData ssl) {
            X509Certificate[] chain = ssl.peerCertificates();
            if (chain != null && chain.length > 0) {
                return CertificateInfo.fingerprint(chain[0]);
            }
        }
        // Unreachable while the connector requires client certificates; refuse rather than trust.
        throw new ApiException(403, "certificate_required", "a client certificate signed by the gateway's root certificate is required");
    }

    /** Refuses a state change a browser reports as coming from another site. */
    private static void checkSameSite(Request request) throws ApiException {
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            throw new ApiException(403, "csrf", "state changes are accepted only from the gateway's own pages");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null) {
            String expected = "https://" + request.getHttpURI().getAuthority();
            if (!origin.equalsIgnoreCase(expected)) {
                throw new ApiException(403, "csrf", "state changes are accepted only from the gateway's own pages");
            }
        }
    }

    private static byte[] readBody(Request request, int max) throws ApiException {
        long declared = request.getLength();
        if (declared > max) {
            throw new ApiException(413, "body_too_large", "the body is larger than " + max + " bytes");
        }
        try (java.io.InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(max);
            if (in.read() >= 0) {
                // A chunked body has no length to drain by afterwards: drop the rest here, up to the bound.
                long dropped = max + 1L;
                byte[] scratch = new byte[16 * 1024];
                for (int n; dropped <= MAX_DRAINED && (n = in.read(scratch)) >= 0; ) {
                    dropped += n;
                }
                throw new ApiException(413, "body_too_large", "the body is larger than " + max + " bytes");
            }
            return body;
        } catch (java.io.IOException e) {
            throw new ApiException(400, "body_unreadable", "the request body could not be read");
        }
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> query = new HashMap<>();
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        for (Fields.Field field : fields) {
            query.put(field.getName(), field.getValue());
        }
        return query;
    }

    /** The JSON error body for {@code e}. */
    public static ApiResponse error(ApiException e) {
        ObjectNode root = ApiResponse.object();
        ObjectNode error = root.putObject("error");
        error.put("status", e.status());
        error.put("code", e.code());
        error.put("message", e.getMessage());
        ArrayNode details = error.putArray("details");
        for (ApiException.Detail d : e.details()) {
            details.addObject().put("path", d.path()).put("reason", d.reason());
        }
        return ApiResponse.json(e.status(), root);
    }

    private static void write(Response response, ApiResponse answer, Callback callback) {
        response.setStatus(answer.status());
        var headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        // Not no-referrer: with it Chromium sends "Origin: null" on form posts, which the same-origin check must refuse.
        headers.put("Referrer-Policy", "same-origin");
        headers.put("Strict-Transport-Security", "max-age=31536000");
        headers.put("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        if (answer.contentType() != null) {
            headers.put(HttpHeader.CONTENT_TYPE, answer.contentType().startsWith("application/json") || answer.contentType().startsWith("text/")
                    ? answer.contentType() + "; charset=utf-8" : answer.contentType());
        }
        if (answer.location() != null) {
            headers.put(HttpHeader.LOCATION, answer.location());
        }
        for (String cookie : answer.setCookies()) {
            headers.add(HttpHeader.SET_COOKIE, cookie);
        }
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    private static String printable(String path) {
        String cut = path.length() > 100 ? path.substring(0, 100) + "..." : path;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
