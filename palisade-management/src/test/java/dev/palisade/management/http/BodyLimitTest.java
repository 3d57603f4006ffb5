package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.api.ManagementApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies larger than their route allows get HTTP 413 in the API's error format, whether the client
 * declares the length or streams the body chunked, and a body of exactly the limit is read: 4 MiB
 * for the configuration document, {@link Route#SMALL_BODY} for the other operations and the pages.
 */
class BodyLimitTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";

    @TempDir
    Path dir;

    TestGateway gateway;
    ApiClient admin;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.withTestPki(dir.resolve("var"));
        admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        assertThat(admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}")
                .status()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
    }

    /** A valid document padded with spaces to exactly {@code size} bytes. */
    static byte[] document(int size) {
        byte[] head = "{\"SETTINGS\": {\"DEVICE\": {\"device_name\": \"big\"}}}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(head, 0, body, 0, head.length);
        return body;
    }

    static void assertTooLarge(ApiClient.Answer answer, int limit) {
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(answer.json().path("error").path("status").asInt()).isEqualTo(413);
        assertThat(answer.code()).isEqualTo("body_too_large");
        assertThat(answer.json().path("error").path("message").asString()).contains(Integer.toString(limit));
    }

    @Test
    void theConfigurationTakesExactly4MiBAndRefusesOneByteMore() throws Exception {
        int limit = ManagementApi.MAX_CONFIG_BODY;
        assertThat(limit).isEqualTo(4 * 1024 * 1024);
        ApiClient.Answer over = admin.send("PUT", "/api/config", document(limit + 1), "application/json");
        assertTooLarge(over, limit);
        ApiClient.Answer chunked = admin.sendChunked("PUT", "/api/config", document(limit + 1), "application/json");
        assertTooLarge(chunked, limit);
        assertThat(gateway.service.history().current().settings().deviceName()).isNotEqualTo("big");

        ApiClient.Answer exact = admin.send("PUT", "/api/config", document(limit), "application/json");
        assertThat(exact.status()).as(exact.body()).isEqualTo(200);
        assertThat(gateway.service.history().current().settings().deviceName()).isEqualTo("big");
    }

    @Test
    void smallOperationsAndPagesRefuseBodiesOverTheirLimit() throws Exception {
        int limit = Route.SMALL_BODY;
        byte[] big = new byte[limit + 1];
        Arrays.fill(big, (byte) 'a');
        assertTooLarge(admin.send("PUT", "/api/accounts/settings", big, "application/json"), limit);
        assertTooLarge(admin.sendChunked("PUT", "/api/certificates/root", big, "application/x-pem-file"), limit);
        // A page's form: the same status, as an HTML error page.
        ApiClient.Answer page = admin.send("POST", "/settings/configuration", big, "application/x-www-form-urlencoded", admin.csrf, null);
        assertThat(page.status()).isEqualTo(413);
        // The connection survives a refused request for the next one.
        assertThat(admin.get("/api/session").status()).isEqualTo(200);
    }
}
