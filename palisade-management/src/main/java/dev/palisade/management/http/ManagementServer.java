package dev.palisade.management.http;

import dev.palisade.management.pki.ServerIdentity;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTPS listener: one Jetty connector speaking HTTP/1.1 over TLS ({@link TlsPolicy}) on the
 * configured address and port, every request handed to the {@link Dispatcher}. There is no plain
 * HTTP listener. {@link #reload} swaps in new key material (after a root, web server certificate or
 * key upload) without a restart; established connections keep theirs.
 */
public final class ManagementServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final SslContextFactory.Server tls;

    public ManagementServer(InetSocketAddress address, ServerIdentity identity, Dispatcher dispatcher) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("palisade-web");
        server = new Server(threads);
        tls = new SslContextFactory.Server();
        TlsPolicy.apply(tls);
        install(tls, identity);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSecureScheme("https");
        // Browsers reach the gateway by IP address, which SNI cannot carry: no SNI host check.
        SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        http.setRequestHeaderSize(16 * 1024);
        connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        // Graceful: a stop (service restart) waits for requests in progress, so the answer that asked
        // for the restart is sent before the connector closes.
        server.setHandler(new org.eclipse.jetty.server.handler.GracefulHandler(dispatcher));
        server.setStopTimeout(5_000);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port bound (useful when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    /** Replaces the server key and the trusted root for new handshakes. */
    public void reload(ServerIdentity identity) throws Exception {
        tls.reload(factory -> install((SslContextFactory.Server) factory, identity));
    }

    private static void install(SslContextFactory.Server factory, ServerIdentity identity) {
        factory.setKeyStore(identity.keyStore());
        factory.setKeyStorePassword(new String(identity.keyStorePassword()));
        factory.setKeyManagerPassword(new String(identity.keyStorePassword()));
        factory.setTrustStore(identity.trustStore());
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            server.stop();
        } catch (Exception e) {
            throw new java.io.IOException("the web server did not stop cleanly", e);
        }
    }
}
