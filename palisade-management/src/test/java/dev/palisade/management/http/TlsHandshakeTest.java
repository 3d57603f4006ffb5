package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.management.TestGateway;
import dev.palisade.management.pki.FirstRunPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web server's TLS policy seen from raw sockets: TLS 1.1 is refused whatever the client
 * supports (the ClientHello is written by hand, so the JDK client's own protocol limits play no
 * part), TLS 1.2 with a CBC suite is refused, and TLS 1.2 and 1.3 with the policy's suites work.
 */
class TlsHandshakeTest {

    @TempDir
    Path dir;

    TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.withTestPki(dir.resolve("var"));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
    }

    @Test
    void aTls11ClientHelloGetsNoServerHello() throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), gateway.service.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(clientHello(0x0302));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            int contentType;
            try {
                contentType = in.read();
            } catch (java.net.SocketException reset) {
                contentType = -1;
            }
            // 0x16 would be a handshake record (ServerHello); an alert (0x15) or a closed connection is a refusal.
            assertThat(contentType).isIn(-1, 0x15);
            if (contentType == 0x15) {
                byte[] rest = in.readNBytes(6);
                // version (2), length (2) = 2, level 2 = fatal, description
                assertThat(rest[4]).isEqualTo((byte) 2);
            }
        }
    }

    @Test
    void aTls12ClientHelloWithTheSameShapeIsAnswered() throws IOException {
        // The control for the test above: only the version differs, and this one gets a ServerHello.
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), gateway.service.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(clientHello(0x0303));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read()).isEqualTo(0x16);
        }
    }

    @Test
    void tls12WithACbcSuiteIsRefused() throws Exception {
        try (SSLSocket socket = socket(new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"})) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
        }
    }

    @Test
    void tls12AndTls13WithThePolicySuitesWork() throws Exception {
        try (SSLSocket socket = socket(new String[] {"TLSv1.2"}, null)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(TlsPolicy.CIPHER_SUITES).contains(socket.getSession().getCipherSuite());
        }
        try (SSLSocket socket = socket(new String[] {"TLSv1.3"}, null)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(TlsPolicy.CIPHER_SUITES).contains(socket.getSession().getCipherSuite());
        }
    }

    private SSLSocket socket(String[] protocols, String[] suites) throws Exception {
        byte[] p12 = FirstRunPki.archive("c", gateway.admin, gateway.root.certificate(), "x");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(new ByteArrayInputStream(p12), "x".toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(gateway.service.pki().rootCertificate()))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", gateway.service.port());
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(protocols);
        if (suites != null) {
            socket.setEnabledCipherSuites(suites);
        }
        return socket;
    }

    /** A minimal ClientHello offering {@code version} with ECDHE-ECDSA and RSA suites (RFC 5246 section 7.4.1.2). */
    static byte[] clientHello(int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);                 // client_version
        body.write(version & 0xff);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);                  // random
        body.write(0);                            // session_id: empty
        int[] suites = {0xC02B, 0xC02F, 0xC009, 0xC00A, 0xC013, 0xC014, 0x002F, 0x0035};
        body.write(0);                            // cipher_suites length (2 bytes each)
        body.write(suites.length * 2);
        for (int suite : suites) {
            body.write(suite >> 8);
            body.write(suite & 0xff);
        }
        body.write(1);                            // compression_methods: null only
        body.write(0);
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17,          // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,                      // ec_point_formats: uncompressed
            0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x04, 0x03, 0x08, 0x04 // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256
        };
        body.write(0);                            // extensions length
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);                       // content type: handshake
        record.write(0x03);                       // record version TLS 1.0, as clients send for compatibility
        record.write(0x01);
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);       // record length
        record.write(handshakeLength & 0xff);
        record.write(0x01);                       // handshake type: client_hello
        record.write(0);                          // handshake length (3 bytes)
        record.write(hello.length >> 8);
        record.write(hello.length & 0xff);
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
