package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code palisade run} restarts itself in-process: the restart command and a restore through the
 * HTTPS API answer first, then the service stops everything and comes back on the same port from
 * the data directory (with the restored configuration). The gateway runs as a child JVM, as in
 * production, and ends with SIGTERM, which the service loop turns into a clean stop.
 */
class RunRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern URL = Pattern.compile("web interface and API at https://127\\.0\\.0\\.1:(\\d+)/");
    private static final String PASSWORD = "Adm1n.Restart_9";

    @TempDir
    Path dir;

    private Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void restartCommandAndRestoreBringTheServiceBackOnTheSamePort() throws Exception {
        Path data = dir.resolve("var");
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        process = new ProcessBuilder(javaCommand, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--data", data.toString(), "--listen", "127.0.0.1:0").redirectErrorStream(true).start();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        int port = awaitStart(1);
        Client admin = new Client(data, port);
        assertThat(admin.signIn("adminadmin")).isEqualTo(201);
        assertThat(admin.send("PUT", "/api/accounts/administrator/credentials", ("{\"oldPassword\":\"adminadmin\",\"newPassword\":\""
                + PASSWORD + "\",\"confirmPassword\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

        // the restart command answers first, then the service comes back on the same port
        HttpResponse<byte[]> restart = admin.send("POST", "/api/device/restart", null);
        assertThat(restart.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(restart.body()).path("restarting").asBoolean()).isTrue();
        assertThat(awaitStart(2)).isEqualTo(port);
        assertThat(lines).anyMatch(l -> l.startsWith("palisade: restarting (restart command by admin)"));
        // sessions do not survive a restart
        assertThat(admin.send("GET", "/api/device/troubleshooting", null).statusCode()).isEqualTo(401);
        assertThat(admin.signIn(PASSWORD)).isEqualTo(201);

        // back up, change the configuration, restore: the service restarts with the backed-up document
        HttpResponse<byte[]> backup = admin.send("POST", "/api/device/backup", ("{\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(backup.statusCode()).isEqualTo(200);
        ObjectNode config = (ObjectNode) JSON.readTree(admin.send("GET", "/api/config", null).body());
        assertThat(config.path("SETTINGS").path("DEVICE").path("device_name").asString()).isNotEqualTo("changed-after-backup");
        String before = config.path("SETTINGS").path("DEVICE").path("device_name").asString();
        ((ObjectNode) config.path("SETTINGS").path("DEVICE")).put("device_name", "changed-after-backup");
        assertThat(admin.send("PUT", "/api/config", JSON.writeValueAsBytes(config)).statusCode()).isEqualTo(200);
        assertThat(deviceName(admin)).isEqualTo("changed-after-backup");

        HttpResponse<byte[]> restored = admin.send("POST", "/api/device/restore", ("{\"password\":\"" + PASSWORD + "\",\"backup\":\""
                + Base64.getEncoder().encodeToString(backup.body()) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(restored.statusCode()).as(new String(restored.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(awaitStart(3)).isEqualTo(port);
        assertThat(admin.signIn(PASSWORD)).isEqualTo(201);
        assertThat(deviceName(admin)).isEqualTo(before);

        // SIGTERM: the loop stops everything and the process ends
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);
        assertThat(lines).contains("palisade: stopped");
        // every restart and the restore are in the audit log
        try (var audit = dev.palisade.audit.store.AuditStore.openForTool(data.resolve("audit.db"), java.time.Clock.systemUTC())) {
            var os = audit.page(dev.palisade.audit.store.AuditQuery.of(dev.palisade.audit.AuditLogKind.OPERATING_SYSTEM)).records();
            assertThat(os).filteredOn(r -> r.event() == dev.palisade.audit.AuditEventType.REBOOTING_THE_DEVICE).hasSize(1);
            assertThat(os).filteredOn(r -> r.event() == dev.palisade.audit.AuditEventType.RESTORING_THE_SYSTEM_CONFIGURATION)
                    .singleElement().satisfies(r -> assertThat(r.text()).contains("completed successfully"));
            assertThat(os).filteredOn(r -> r.event() == dev.palisade.audit.AuditEventType.BACKING_UP_THE_SYSTEM_CONFIGURATION).hasSize(1);
        }
    }

    private static String deviceName(Client admin) throws Exception {
        JsonNode config = JSON.readTree(admin.send("GET", "/api/config", null).body());
        return config.path("SETTINGS").path("DEVICE").path("device_name").asString();
    }

    /** Waits for the {@code n}th "web interface and API at" line and returns its port. */
    private int awaitStart(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Integer> ports = lines.stream().map(URL::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1))).toList();
            if (ports.size() >= n) {
                return ports.get(n - 1);
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service did not start " + n + " time(s):\n" + String.join("\n", lines));
    }

    /** The administrator's browser: the first-run certificate archive, trusting the gateway's root. */
    private static final class Client {
        private final HttpClient http;
        private final String base;
        private String cookie;
        private String csrf;

        Client(Path data, int port) throws Exception {
            base = "https://127.0.0.1:" + port;
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(new ByteArrayInputStream(Files.readAllBytes(data.resolve("pki/TlsClientAdmin.p12"))), "adminadmin".toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "adminadmin".toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(data.resolve("pki/CaCert.crt")))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            http = HttpClient.newBuilder().sslContext(tls).sslParameters(parameters).connectTimeout(Duration.ofSeconds(10)).build();
        }

        int signIn(String password) throws Exception {
            cookie = null;
            csrf = null;
            HttpResponse<byte[]> answer = send("POST", "/api/session",
                    ("{\"name\":\"admin\",\"password\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8));
            if (answer.statusCode() == 201) {
                cookie = answer.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                csrf = JSON.readTree(answer.body()).path("csrfToken").asString();
            }
            return answer.statusCode();
        }

        HttpResponse<byte[]> send(String method, String path, byte[] body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            if (csrf != null) {
                request.header("X-CSRF-Token", csrf);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
