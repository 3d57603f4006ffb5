package dev.palisade.management.http;

import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS settings of the web server: TLS 1.3 and 1.2 only; for TLS 1.2 only ECDHE key exchange
 * with AEAD ciphers (forward secrecy, no CBC, no RSA key transport), in the order of Mozilla's
 * "intermediate" profile; renegotiation off; a client certificate required, verified against a
 * trust store holding the uploaded root certificate alone.
 */
public final class TlsPolicy {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /** Applies the policy to a server-side factory (key and trust stores are set by the caller). */
    public static void apply(SslContextFactory.Server factory) {
        factory.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
        factory.setExcludeProtocols("SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1");
        factory.setIncludeCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        factory.setUseCipherSuitesOrder(true);
        factory.setRenegotiationAllowed(false);
        factory.setNeedClientAuth(true);
        factory.setEndpointIdentificationAlgorithm(null);
    }
}
