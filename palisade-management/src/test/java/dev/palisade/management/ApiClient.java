package dev.palisade.management;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser stand-in for the tests: the JDK HTTP client over TLS with a client key store (or
 * none), trusting only the gateway's root certificate and checking the server's name, keeping the
 * session cookie and the CSRF token as a page would.
 */
public final class ApiClient {

    /** An answer: status, body text, the JSON body when there is one, the Set-Cookie header. */
    public record Answer(int status, String body, Optional<String> setCookie, java.net.http.HttpHeaders headers) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String code() {
            return json().path("error").path("code").asString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http;
    public String cookie;
    public String csrf;

    public ApiClient(String base, byte[] pkcs12, String password, Path trustedRoot, java.security.cert.X509Certificate... alsoTrusted) {
        this.base = base;
        try {
            KeyManagerFactory keys = null;
            if (pkcs12 != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(new ByteArrayInputStream(pkcs12), password.toCharArray());
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(trustedRoot))));
            for (int i = 0; i < alsoTrusted.length; i++) {
                trust.setCertificateEntry("also" + i, alsoTrusted[i]);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trustManagers.getTrustManagers(), null);
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            http = HttpClient.newBuilder().sslContext(context).sslParameters(parameters).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same browser session (cookie and token) on another client, e.g. another certificate. */
    public ApiClient sharing(ApiClient other) {
        this.cookie = other.cookie;
        this.csrf = other.csrf;
        return this;
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    public Answer json(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }

    public Answer signIn(String name, String password) throws IOException, InterruptedException {
        Answer answer = json("POST", "/api/session", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
        if (answer.status() == 201) {
            cookie = answer.setCookie().orElseThrow().split(";", 2)[0];
            csrf = answer.json().path("csrfToken").asString();
        }
        return answer;
    }

    public Answer send(String method, String path, byte[] body, String contentType) throws IOException, InterruptedException {
        return send(method, path, body, contentType, csrf, null);
    }

    public Answer send(String method, String path, byte[] body, String contentType, String csrfToken, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Optional<String> setCookie = response.headers().allValues("Set-Cookie").stream().findFirst();
        setCookie.filter(c -> c.contains("Max-Age=0")).ifPresent(c -> cookie = null);
        return new Answer(response.statusCode(), response.body(), setCookie, response.headers());
    }

    /** Sends {@code body} chunked (no Content-Length), as a client streaming an upload of unknown size. */
    public Answer sendChunked(String method, String path, byte[] body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        request.header("Content-Type", contentType);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().allValues("Set-Cookie").stream().findFirst(),
                response.headers());
    }
}
