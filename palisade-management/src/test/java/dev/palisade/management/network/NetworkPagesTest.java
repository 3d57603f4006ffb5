package dev.palisade.management.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Network pages over real HTTPS as a browser without JavaScript uses them: each form round
 * trip changes the document and the engine; a refused value comes back in the form, with the
 * model's reason next to the field and the running configuration untouched; forms need the CSRF
 * token; every page has its texts in English and Russian.
 */
class NetworkPagesTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    Path dir;

    TestGateway gateway;
    ScriptedRouteStates states = new ScriptedRouteStates();

    @BeforeEach
    void start() throws Exception {
        states.live = false;
        gateway = TestGateway.withTestPki(dir.resolve("var"), List.of(new NetworkFeature(states)));
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

    ApiClient.Answer post(ApiClient client, String path, String... pairs) throws Exception {
        String[] all = java.util.Arrays.copyOf(pairs, pairs.length + 2);
        all[pairs.length] = "_csrf";
        all[pairs.length + 1] = client.csrf;
        return client.send("POST", path, form(all), FORM, null, null);
    }

    static String location(ApiClient.Answer answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        assertThat(admin.json("PUT", "/api/accounts/administrator/credentials", "{\"oldPassword\":\"adminadmin\",\"newPassword\":\""
                + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}").status()).isEqualTo(200);
        return admin;
    }

    String document() {
        return gateway.service.history().current().toJson();
    }

    static final String[] LAN = {"LAN.IP", "192.168.1.1", "LAN.Mask", "255.255.255.0", "LAN.DHCPFlag", "on",
        "LAN.FirstDHCPAddress", "192.168.1.20", "LAN.LastDHCPAddress", "192.168.1.40", "LAN.FirstDNSServer", "9.9.9.9",
        "LAN.SecondDNSServer", "149.112.112.112"};

    static String[] with(String[] pairs, String key, String value) {
        String[] out = pairs.clone();
        for (int i = 0; i < out.length; i += 2) {
            if (out[i].equals(key)) {
                out[i + 1] = value;
                return out;
            }
        }
        out = java.util.Arrays.copyOf(out, out.length + 2);
        out[out.length - 2] = key;
        out[out.length - 1] = value;
        return out;
    }

    @Test
    void theLanFormChangesTheDocumentAndTheEngine() throws Exception {
        ApiClient admin = admin();
        assertThat(location(admin.get("/network"))).isEqualTo("/network/lan");
        ApiClient.Answer page = admin.get("/network/lan");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"LAN.IP\" name=\"LAN.IP\" value=\"192.168.1.1\"").contains("id=\"tab-lan\"")
                .contains("href=\"/network\" class=\"active\"");
        ApiClient.Answer saved = post(admin, "/network/lan", LAN);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(location(saved)).isEqualTo("/network/lan?saved=" + gateway.service.history().currentVersion());
        var lan = gateway.applied.getLast().config().network().lan();
        assertThat(lan.firstDhcpAddress()).isEqualTo(Ipv4Address.parse("192.168.1.20"));
        assertThat(lan.firstDnsServer()).isEqualTo(Ipv4Address.parse("9.9.9.9"));
        assertThat(admin.get(location(saved)).body()).contains("id=\"saved\"");
        assertThat(gateway.service.history().versions().getFirst().comment()).isEqualTo("LAN settings changed in the web interface");

        // Moving the LAN without clearing the old DHCP range: the range is refused next to its field.
        String before = document();
        int applied = gateway.applied.size();
        ApiClient.Answer refused = post(admin, "/network/lan", with(with(LAN, "LAN.IP", "10.9.0.1"), "LAN.Mask", "255.255.0.0"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"LAN.FirstDHCPAddress-error\"").contains("id=\"LAN.IP\" name=\"LAN.IP\" value=\"10.9.0.1\"");
        assertThat(document()).isEqualTo(before);
        assertThat(gateway.applied).hasSize(applied);
        assertThat(gateway.engine.policy().lanAddress()).isEqualTo(Ipv4Address.parse("192.168.1.1").value());

        // Clearing the range derives it from the new address; the page then shows the certificate warning.
        String[] moved = with(with(with(with(LAN, "LAN.IP", "10.9.0.1"), "LAN.Mask", "255.255.0.0"), "LAN.FirstDHCPAddress", ""),
                "LAN.LastDHCPAddress", "");
        ApiClient.Answer ok = post(admin, "/network/lan", moved);
        assertThat(ok.status()).as(ok.body()).isEqualTo(303);
        assertThat(gateway.engine.policy().lanAddress()).isEqualTo(Ipv4Address.parse("10.9.0.1").value());
        assertThat(gateway.applied.getLast().config().network().lan().firstDhcpAddress().toString()).startsWith("10.9.");
        assertThat(admin.get("/network/lan").body()).contains("id=\"certificate-warning\"").contains("10.9.0.1");

        // A malformed address is reported at its field too.
        ApiClient.Answer bad = post(admin, "/network/lan", with(moved, "LAN.IP", "10.9.0.999"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"LAN.IP-error\"").contains("aria-invalid=\"true\"");
    }

    @Test
    void theWanFormSetsAStaticAddressAndMasquerading() throws Exception {
        ApiClient admin = admin();
        String[] wan = {"WAN.IP", "203.0.113.10", "WAN.Mask", "255.255.255.0", "WAN.DefaultGateway", "203.0.113.1",
            "WAN.FirstDNSAddress", "", "WAN.SecondDNSAddress", ""};
        ApiClient.Answer saved = post(admin, "/network/wan", wan);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(gateway.engine.policy().wanDhcp()).isFalse();
        assertThat(gateway.engine.policy().masquerading()).isFalse();
        assertThat(gateway.engine.policy().wanAddress()).isEqualTo(Ipv4Address.parse("203.0.113.10").value());
        String before = document();
        ApiClient.Answer refused = post(admin, "/network/wan", with(with(wan, "WAN.DefaultGateway", ""), "NAT.masquerading", "on"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"WAN.DefaultGateway-error\"");
        assertThat(document()).isEqualTo(before);
        assertThat(gateway.engine.policy().masquerading()).isFalse();
    }

    @Test
    void filteringRoutesAndForwardingFormsReachTheEngine() throws Exception {
        ApiClient admin = admin();
        assertThat(post(admin, "/network/filtering", "mqtt", "on", "http", "on").status()).isEqualTo(303);
        assertThat(gateway.applied.getLast().config().network().filteredProtocols()).containsExactlyInAnyOrder(AppProtocol.MQTT,
                AppProtocol.HTTP);
        assertThat(admin.get("/network/filtering").body()).contains("id=\"mqtt\" name=\"mqtt\" checked");

        ApiClient.Answer route = post(admin, "/network/routes/save", "index", "-1", "action", "add", "ipaddr", "10.40.0.0",
                "mask", "255.255.0.0", "gateway", "192.168.1.254");
        assertThat(route.status()).as(route.body()).isEqualTo(303);
        assertThat(gateway.engine.policy().routes().routes()).anyMatch(r -> r.destination().toString().equals("10.40.0.0/16"));
        ApiClient.Answer routes = admin.get("/network/routes");
        assertThat(routes.body()).contains("id=\"state-0\"").contains(RouteStates.NOT_LIVE);
        ApiClient.Answer badRoute = post(admin, "/network/routes/save", "index", "0", "action", "add", "ipaddr", "10.40.0.1",
                "mask", "255.255.0.0", "gateway", "192.168.1.254");
        assertThat(badRoute.status()).isEqualTo(422);
        assertThat(badRoute.body()).contains("id=\"ipaddr-error\"");
        ApiClient.Answer reload = post(admin, "/network/routes/reload");
        assertThat(reload.status()).isEqualTo(409);
        assertThat(reload.body()).contains("replay engine only");
        states.live = true;
        states.afterReload = List.of(new RouteStates.Report(gateway.applied.getLast().config().network().routes().getFirst().destination(),
                Ipv4Address.parse("192.168.1.254"), RouteStates.State.FAILED, java.util.Optional.of("the kernel refused the route: Network is unreachable")));
        assertThat(post(admin, "/network/routes/reload").status()).isEqualTo(303);
        assertThat(admin.get("/network/routes").body()).contains("class=\"state-failed\"").contains("Network is unreachable");
        assertThat(post(admin, "/network/routes/0/delete").status()).isEqualTo(303);
        assertThat(gateway.applied.getLast().config().network().routes()).isEmpty();

        ApiClient.Answer forward = post(admin, "/network/port-forwarding/save", "index", "-1", "status", "on", "zone", "wan",
                "portExternal", "8080", "protocol", "udp", "ipAddrInternal", "192.168.1.60", "portInternal", "502", "comment", "<b>plc</b>");
        assertThat(forward.status()).as(forward.body()).isEqualTo(303);
        assertThat(gateway.engine.policy().forwardRule(17, 8080)).isGreaterThanOrEqualTo(0);
        assertThat(admin.get("/network/port-forwarding").body()).contains("&lt;b&gt;plc&lt;/b&gt;").doesNotContain("<b>plc");
        assertThat(post(admin, "/network/port-forwarding/0/disable").status()).isEqualTo(303);
        assertThat(gateway.engine.policy().forwardRuleCount()).isZero();
        assertThat(admin.get("/network/port-forwarding/0").body()).doesNotContain("id=\"status\" name=\"status\" checked");
        ApiClient.Answer badForward = post(admin, "/network/port-forwarding/save", "index", "0", "zone", "wan",
                "portExternal", "80x", "protocol", "udp", "ipAddrInternal", "192.168.1.60", "portInternal", "502", "comment", "");
        assertThat(badForward.status()).isEqualTo(422);
        assertThat(badForward.body()).contains("id=\"portExternal-error\"").contains("value=\"80x\"");
        assertThat(post(admin, "/network/port-forwarding/0/enable").status()).isEqualTo(303);
        assertThat(gateway.engine.policy().forwardRuleCount()).isEqualTo(1);
        assertThat(post(admin, "/network/port-forwarding/0/delete").status()).isEqualTo(303);
        assertThat(gateway.applied.getLast().config().network().portForwards()).isEmpty();
    }

    @Test
    void theListsPageAddsAndRemovesAddresses() throws Exception {
        ApiClient admin = admin();
        assertThat(post(admin, "/network/protector/flags", "IPSPFlag", "on").status()).isEqualTo(303);
        assertThat(post(admin, "/network/protector/allowlist", "ipAddrSource", " 192.168.1.33 ").status()).isEqualTo(303);
        assertThat(gateway.engine.policy().allowlisted(Ipv4Address.parse("192.168.1.33").value())).isTrue();
        String before = document();
        ApiClient.Answer bad = post(admin, "/network/protector/denylist", "ipAddrSource", "0.0.0.7");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"ipAddrSource-error\"").contains("value=\"0.0.0.7\"");
        assertThat(document()).isEqualTo(before);
        assertThat(post(admin, "/network/protector/denylist", "ipAddrSource", "198.51.100.4").status()).isEqualTo(303);
        assertThat(admin.get("/network/protector").body()).contains("id=\"deny-0\"").contains("198.51.100.4");
        // The address the page showed must still be at that position.
        assertThat(post(admin, "/network/protector/allowlist/0/delete", "address", "192.168.1.34").status()).isEqualTo(409);
        assertThat(post(admin, "/network/protector/allowlist/0/delete", "address", "192.168.1.33").status()).isEqualTo(303);
        assertThat(gateway.applied.getLast().config().network().idsProxy().allowlist()).isEmpty();
        assertThat(post(admin, "/network/protector/otherlist", "ipAddrSource", "1.2.3.4").status()).isEqualTo(404);
    }

    @Test
    void formsNeedTheCsrfToken() throws Exception {
        ApiClient admin = admin();
        String before = document();
        ApiClient.Answer missing = admin.send("POST", "/network/filtering", form("http", "on"), FORM, null, null);
        assertThat(missing.status()).isEqualTo(403);
        ApiClient.Answer wrong = admin.send("POST", "/network/lan", form(with(LAN, "_csrf", "nope")), FORM, null, null);
        assertThat(wrong.status()).isEqualTo(403);
        ApiClient.Answer foreign = admin.send("POST", "/network/protector/allowlist", form("ipAddrSource", "192.168.1.9", "_csrf",
                admin.csrf), FORM, null, "https://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(document()).isEqualTo(before);
    }

    @Test
    void everyPageHasItsTextsInEnglishAndRussian() throws Exception {
        ApiClient admin = admin();
        post(admin, "/network/routes/save", "index", "-1", "action", "add", "ipaddr", "10.40.0.0", "mask", "255.255.0.0",
                "gateway", "192.168.1.254");
        post(admin, "/network/port-forwarding/save", "index", "-1", "status", "on", "zone", "wan", "portExternal", "8080",
                "protocol", "tcp", "ipAddrInternal", "192.168.1.60", "portInternal", "80", "comment", "");
        post(admin, "/network/protector/allowlist", "ipAddrSource", "192.168.1.33");
        post(admin, "/network/protector/denylist", "ipAddrSource", "198.51.100.4");
        String[] pages = {"/network/lan", "/network/wan", "/network/routes", "/network/routes/new", "/network/routes/0",
            "/network/filtering", "/network/port-forwarding", "/network/port-forwarding/new", "/network/port-forwarding/0",
            "/network/protector"};
        for (String lang : new String[] {"en", "ru"}) {
            String cookie = admin.cookie;
            admin.cookie = cookie + "; lang=" + lang;
            for (String path : pages) {
                ApiClient.Answer page = admin.get(path);
                assertThat(page.status()).as(lang + " " + path).isEqualTo(200);
                assertThat(page.body()).as(lang + " " + path).doesNotContain("??");
                if (lang.equals("ru")) {
                    assertThat(page.body()).as(path).contains("Сеть");
                }
            }
            admin.cookie = cookie;
        }
        // Both bundles hold the same network keys.
        java.util.Properties en = new java.util.Properties();
        java.util.Properties ru = new java.util.Properties();
        try (var a = new java.io.InputStreamReader(dev.palisade.management.web.Messages.class.getResourceAsStream("messages.properties"),
                StandardCharsets.UTF_8); var b = new java.io.InputStreamReader(dev.palisade.management.web.Messages.class
                        .getResourceAsStream("messages_ru.properties"), StandardCharsets.UTF_8)) {
            en.load(a);
            ru.load(b);
        }
        var enKeys = en.stringPropertyNames().stream().filter(k -> k.startsWith("network.")).sorted().toList();
        var ruKeys = ru.stringPropertyNames().stream().filter(k -> k.startsWith("network.")).sorted().toList();
        assertThat(ruKeys).isEqualTo(enKeys).hasSizeGreaterThan(90);
    }
}
