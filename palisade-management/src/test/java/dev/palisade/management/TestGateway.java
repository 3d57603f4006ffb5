package dev.palisade.management;

import dev.palisade.config.ConfigDocument;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.management.account.PasswordHasher;
import dev.palisade.management.pki.CertificateIssuer;
import dev.palisade.management.pki.FirstRunPki;
import dev.palisade.management.pki.Pem;
import dev.palisade.management.pki.PkiFiles;
import dev.palisade.management.pki.SecureFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A management service on loopback for one test, over a real engine: a data directory with the
 * first-run configuration and a PKI whose root key the test keeps (so it can mint certificates
 * that chain to the gateway's root but were never uploaded), a movable clock, cheap Argon2id
 * parameters (the production ones cost ~0.2 s a hash) and a recording audit trail.
 */
public final class TestGateway implements AutoCloseable {

    /** Cheap but real Argon2id: 1 MiB, one pass. */
    public static final PasswordHasher FAST_HASHER = new PasswordHasher(1024, 1, 1);

    public final Path data;
    public final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    public final RecordingAudit audit = new RecordingAudit();
    public final List<ConfigDocument> applied = new CopyOnWriteArrayList<>();
    public final TrafficEngine engine;
    public final CertificateIssuer.Issued root;
    public final CertificateIssuer.Issued admin;
    public final CertificateIssuer.Issued user;
    public final ManagementService service;
    private volatile boolean failApply;
    /** The operating mode the runner reports (empty: not tracked). */
    public volatile java.util.Optional<String> operatingMode = java.util.Optional.empty();
    /** What the "kernel" answers (a live data plane's counters); empty as without {@code --live}. */
    public volatile java.util.Optional<dev.palisade.management.api.KernelStatus> kernel = java.util.Optional.empty();

    private TestGateway(Path data, boolean ownPki, List<Feature> features) throws Exception {
        this.data = data;
        ConfigDocument.firstRun().writeAtomically(java.nio.file.Files.createDirectories(data).resolve("config.json"));
        engine = new TrafficEngine(ConfigDocument.firstRun().config(), EngineOptions.defaults().withConnectionCapacity(1024), FrameSink.DISCARD);
        if (ownPki) {
            Instant now = clock.instant();
            root = CertificateIssuer.root("Test Root", now, Duration.ofDays(365));
            admin = CertificateIssuer.client(root, "admin", now, Duration.ofDays(365));
            user = CertificateIssuer.client(root, "user", now, Duration.ofDays(365));
            CertificateIssuer.Issued server = CertificateIssuer.server(root, List.of("localhost"),
                    List.of(InetAddress.getByName("127.0.0.1")), now, Duration.ofDays(365));
            PkiFiles files = PkiFiles.under(data);
            SecureFiles.writeAtomically(files.adminCertificate(), Pem.encode(admin.certificate()));
            SecureFiles.writeAtomically(files.serverKey(), Pem.encode(server.key()));
            SecureFiles.writeAtomically(files.serverCertificate(), Pem.encode(server.certificate()));
            SecureFiles.writeAtomically(files.rootCertificate(), Pem.encode(root.certificate()));
        } else {
            root = null;
            admin = null;
            user = null;
        }
        service = ManagementService.start(
                new ManagementService.Options(data, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), FAST_HASHER, clock, audit),
                doc -> {
                    if (failApply) {
                        throw new IllegalStateException("engine refused");
                    }
                    engine.apply(doc.config());
                    applied.add(doc);
                },
                new dev.palisade.management.api.EngineStatus() {
                    @Override
                    public dev.palisade.engine.EngineCounters counters() {
                        return engine.counters();
                    }

                    @Override
                    public java.util.Optional<String> operatingMode() {
                        return operatingMode;
                    }

                    @Override
                    public java.util.Optional<dev.palisade.management.api.KernelStatus> kernel() {
                        return kernel;
                    }
                }, features);
    }

    /** A gateway whose PKI the test made (and whose root key it holds). */
    public static TestGateway withTestPki(Path data) throws Exception {
        return new TestGateway(data, true, List.of());
    }

    /** A gateway whose PKI the test made, serving {@code features} besides the core routes. */
    public static TestGateway withTestPki(Path data, List<Feature> features) throws Exception {
        return new TestGateway(data, true, features);
    }

    /** A gateway provisioned by the service's own first run. */
    public static TestGateway firstRun(Path data) throws Exception {
        return new TestGateway(data, false, List.of());
    }

    public void failApply(boolean fail) {
        failApply = fail;
    }

    public String base() {
        return "https://127.0.0.1:" + service.port();
    }

    /** A client presenting {@code identity} (null: no certificate) and trusting {@code trusted}. */
    public ApiClient client(CertificateIssuer.Issued identity) {
        return client(identity, root == null ? null : root.certificate());
    }

    /** A client presenting {@code identity} with {@code chainRoot} in its chain. */
    public ApiClient client(CertificateIssuer.Issued identity, java.security.cert.X509Certificate chainRoot) {
        // The test's first root stays trusted for the server certificate it signed, even after a root upload.
        java.security.cert.X509Certificate[] also = root == null ? new java.security.cert.X509Certificate[0]
                : new java.security.cert.X509Certificate[] {root.certificate()};
        return new ApiClient(base(), identity == null ? null : FirstRunPki.archive("client", identity, chainRoot, "x"), "x",
                service.pki().rootCertificate(), also);
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
