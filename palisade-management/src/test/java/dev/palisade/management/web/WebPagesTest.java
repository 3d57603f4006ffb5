package dev.palisade.management.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.account.Role;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.pki.Pem;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page layer over real HTTPS with real certificates, as a browser without JavaScript uses it
 * (form posts, redirects not followed so they can be checked): redirects to the sign-in and
 * password pages, role checks on pages, CSRF on forms, escaping of user input, inline validation
 * errors with their JSON path, and the language switch.
 */
class WebPagesTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String USER_PASSWORD = "Us3r.Secret_2";
    static final String FORM = "application/x-www-form-urlencoded";

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

    static byte[] form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String location(ApiClient.Answer answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    ApiClient.Answer post(ApiClient client, String path, String... pairs) throws Exception {
        return client.send("POST", path, form(pairs), FORM, null, null);
    }

    /** Signs in through the pages and changes the first-run password. */
    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        ApiClient.Answer signIn = post(admin, "/sign-in", "name", "admin", "password", "adminadmin");
        assertThat(signIn.status()).isEqualTo(303);
        assertThat(location(signIn)).isEqualTo("/password");
        admin.cookie = signIn.setCookie().orElseThrow().split(";", 2)[0];
        admin.csrf = admin.get("/api/session").json().path("csrfToken").asString();
        assertThat(location(admin.get("/"))).as("confined to the password change").isEqualTo("/password");
        ApiClient.Answer changed = post(admin, "/password", "_csrf", admin.csrf, "oldPassword", "adminadmin",
                "newPassword", ADMIN_PASSWORD, "confirmPassword", ADMIN_PASSWORD);
        assertThat(changed.status()).as(changed.body()).isEqualTo(303);
        assertThat(location(changed)).isEqualTo("/");
        return admin;
    }

    @Test
    void withoutASessionPagesRedirectToTheSignInPage() throws Exception {
        ApiClient client = gateway.client(gateway.admin);
        for (String path : new String[] {"/", "/network/firewall", "/settings/configuration", "/users", "/about"}) {
            ApiClient.Answer answer = client.get(path);
            assertThat(answer.status()).as(path).isEqualTo(303);
            assertThat(location(answer)).isEqualTo("/sign-in");
        }
        ApiClient.Answer page = client.get("/sign-in");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"/sign-in\">");
        assertThat(client.get("/static/app.css").status()).isEqualTo(200);
        assertThat(client.get(StaticFiles.HTMX).body()).contains("htmx");
        // The API keeps its JSON errors.
        assertThat(client.get("/api/status").code()).isEqualTo("not_signed_in");
    }

    @Test
    void aWrongPasswordShowsTheSignInPageAgainWithTheReason() throws Exception {
        ApiClient client = gateway.client(gateway.admin);
        ApiClient.Answer answer = post(client, "/sign-in", "name", "admin", "password", "wrong-password");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("id=\"errors\"").contains("action=\"/sign-in\"");
        assertThat(answer.setCookie()).isEmpty();
    }

    @Test
    void theStatusPageShowsTheModeAndOnlyTheSectionsOfTheRole() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer status = admin.get("/");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body()).contains("Router mode").contains("href=\"/users\"").contains("<a href=\"/settings/configuration\" class=\"\">Settings</a>")
                .contains("<meta name=\"csrf-token\" content=\"" + admin.csrf + "\">");
        assertThat(status.body()).as("no section tabs on a one-page section").doesNotContain("id=\"section-tabs\"");
        String history = admin.get("/settings/history").body();
        // A section with several pages: one top-level entry, its pages as tabs, the open one marked.
        assertThat(history).contains("<a href=\"/settings/configuration\" class=\"active\">Settings</a>")
                .contains("id=\"section-tabs\"").contains("<a href=\"/settings/history\" class=\"active\">Configuration history</a>")
                .contains("<a href=\"/settings/configuration\" class=\"\">Configuration</a>");
    }

    @Test
    void aUserGetsForbiddenPagesForAdministratorSectionsAndNoLinksToThem() throws Exception {
        ApiClient admin = admin();
        assertThat(admin.json("PUT", "/api/accounts/user/credentials", "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD
                + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}").status()).isEqualTo(200);
        assertThat(admin.send("PUT", "/api/certificates/user", Pem.encode(gateway.user.certificate()), "application/x-pem-file").status())
                .isEqualTo(200);
        post(admin, "/sign-out", "_csrf", admin.csrf);
        ApiClient user = gateway.client(gateway.user);
        ApiClient.Answer signIn = post(user, "/sign-in", "name", "user", "password", USER_PASSWORD);
        assertThat(location(signIn)).isEqualTo("/");
        user.cookie = signIn.setCookie().orElseThrow().split(";", 2)[0];
        user.csrf = user.get("/api/session").json().path("csrfToken").asString();
        ApiClient.Answer status = user.get("/");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body()).doesNotContain("href=\"/users\"").doesNotContain("href=\"/network/firewall\"")
                .contains("href=\"/about\"");
        String before = gateway.service.history().current().toJson();
        int checked = 0;
        for (Route route : gateway.service.routes().routes()) {
            if (!route.page() || !route.section().needsSession() || route.section() == Section.SESSION) {
                continue;
            }
            String path = route.template().replace("{index}", "0").replace("{operation}", "delete").replace("{number}", "1")
                    .replaceAll("\\{[A-Za-z]+\\}", "x");
            ApiClient.Answer answer = route.changesState() ? post(user, path, "_csrf", user.csrf, "index", "-1", "document", "{}")
                    : user.get(path);
            if (route.section().allows(Role.USER)) {
                assertThat(answer.status()).as(route.method() + " " + path).isEqualTo(200);
            } else {
                assertThat(answer.status()).as(route.method() + " " + path).isEqualTo(403);
                assertThat(answer.body()).as("an HTML page").contains("<!DOCTYPE html>").contains("id=\"error\"");
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
        assertThat(gateway.service.history().current().toJson()).isEqualTo(before);
    }

    @Test
    void formsNeedTheCsrfToken() throws Exception {
        ApiClient admin = admin();
        String before = gateway.service.history().current().toJson();
        String[] rule = {"index", "-1", "status", "on", "action", "deny", "protocol", "tcp", "zone", "In", "portDest", "8080"};
        ApiClient.Answer missing = post(admin, "/network/firewall/save", rule);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body()).contains("id=\"error\"");
        String[] wrong = java.util.Arrays.copyOf(rule, rule.length + 2);
        wrong[rule.length] = "_csrf";
        wrong[rule.length + 1] = "not-the-token";
        assertThat(post(admin, "/network/firewall/save", wrong).status()).isEqualTo(403);
        ApiClient.Answer foreign = admin.send("POST", "/network/firewall/save", form(wrong), FORM, null, "https://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(gateway.service.history().current().toJson()).isEqualTo(before);
        wrong[rule.length + 1] = admin.csrf;
        ApiClient.Answer saved = post(admin, "/network/firewall/save", wrong);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(gateway.service.history().current().config().network().firewallRules()).hasSize(1);
    }

    @Test
    void aRuleCommentIsEscapedAndRuleOperationsReachTheEngine() throws Exception {
        ApiClient admin = admin();
        int applied = gateway.applied.size();
        ApiClient.Answer saved = post(admin, "/network/firewall/save", "_csrf", admin.csrf, "index", "-1", "status", "on",
                "action", "deny", "protocol", "tcp", "zone", "In", "portDest", "8080", "comment", "<script>alert(1)</script>\"'");
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        ApiClient.Answer list = admin.get("/network/firewall");
        assertThat(list.body()).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        ApiClient.Answer edit = admin.get("/network/firewall/0");
        assertThat(edit.body()).doesNotContain("<script>alert").contains("id=\"comment\" name=\"comment\" value=\"&lt;script>alert(1)&lt;/script>&#34;&#39;\"");
        assertThat(gateway.applied).hasSize(applied + 1);
        assertThat(post(admin, "/network/firewall/0/toggle", "_csrf", admin.csrf).status()).isEqualTo(303);
        assertThat(gateway.applied.getLast().config().network().firewallRules().getFirst().enabled()).isFalse();
        assertThat(post(admin, "/network/firewall/0/delete", "_csrf", admin.csrf).status()).isEqualTo(303);
        assertThat(gateway.applied.getLast().config().network().firewallRules()).isEmpty();
        assertThat(admin.get("/settings/history").body()).contains("firewall rule 1 deleted in the web interface");
    }

    @Test
    void anInvalidRuleOrDocumentIsShownInlineWithItsJsonPath() throws Exception {
        ApiClient admin = admin();
        String before = gateway.service.history().current().toJson();
        ApiClient.Answer rule = post(admin, "/network/firewall/save", "_csrf", admin.csrf, "index", "-1", "status", "on",
                "action", "deny", "protocol", "icmp", "zone", "In", "portDest", "8080");
        assertThat(rule.status()).isEqualTo(422);
        assertThat(rule.body()).contains("<code>$.NETWORK.FIREWALL.rules[0].portDest</code>").contains("value=\"8080\"");
        ApiClient.Answer document = post(admin, "/settings/configuration", "_csrf", admin.csrf, "document", "{\"NETWORK\":{\"LAN\":{\"IP\":\"300.1.1.1\"}}}");
        assertThat(document.status()).isEqualTo(422);
        assertThat(document.body()).contains("<code>$.NETWORK.LAN.IP</code>").contains("300.1.1.1");
        assertThat(gateway.service.history().current().toJson()).isEqualTo(before);
    }

    @Test
    void theLanguageSwitchIsRememberedInACookie() throws Exception {
        ApiClient client = gateway.client(gateway.admin);
        ApiClient.Answer toRussian = client.get("/lang?to=ru&back=/sign-in");
        assertThat(toRussian.status()).isEqualTo(303);
        assertThat(location(toRussian)).isEqualTo("/sign-in");
        assertThat(toRussian.setCookie().orElseThrow()).startsWith("lang=ru;").contains("Secure").contains("SameSite=Strict");
        assertThat(location(client.get("/lang?to=ru&back=//evil.example"))).isEqualTo("/");
        client.cookie = "lang=ru";
        assertThat(client.get("/sign-in").body()).contains("Войти").contains("lang=\"ru\"");
        client.cookie = "lang=en";
        assertThat(client.get("/sign-in").body()).contains("Sign in").contains("lang=\"en\"");
    }
}
