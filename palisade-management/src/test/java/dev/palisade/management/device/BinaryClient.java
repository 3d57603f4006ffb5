package dev.palisade.management.device;

import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.pki.CertificateIssuer;
import dev.palisade.management.pki.FirstRunPki;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The browser stand-in for answers that are files (backups, {@code log_files.tar.gz}): the same TLS
 * client as {@link ApiClient} with the same session cookie and CSRF token, keeping the body as bytes.
 */
final class BinaryClient {

    private final HttpClient http;
    private final String base;
    private final ApiClient session;

    BinaryClient(TestGateway gateway, CertificateIssuer.Issued identity, ApiClient session) throws Exception {
        this.base = gateway.base();
        this.session = session;
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(new ByteArrayInputStream(FirstRunPki.archive("client", identity, gateway.root.certificate(), "x")), "x".toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(gateway.service.pki().rootCertificate()))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        http = HttpClient.newBuilder().sslContext(tls).sslParameters(parameters).connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (session.cookie != null) {
            request.header("Cookie", session.cookie);
        }
        if (session.csrf != null) {
            request.header("X-CSRF-Token", session.csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
