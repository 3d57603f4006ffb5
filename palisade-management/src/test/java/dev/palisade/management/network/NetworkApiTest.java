package dev.palisade.management.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.StaticRoute;
import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.http.Route;
import dev.palisade.management.pki.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The {@code /api/network} operations over real HTTPS with real certificates and a real engine:
 * each change reaches the stored document, the configuration applied to the engine and the
 * engine's policy; an invalid value is refused with its document path and changes nothing; the
 * user role is refused every route; the CSRF token is required; the OpenAPI document lists every
 * operation with its schema.
 */
class NetworkApiTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String USER_PASSWORD = "Us3r.Secret_2";

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

    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        ApiClient.Answer changed = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return admin;
    }

    String document() {
        return gateway.service.history().current().toJson();
    }

    /** Asserts a 422 with {@code path} among the details, and that neither the document nor the engine changed. */
    void refused(ApiClient.Answer answer, String path, String before, int appliedBefore) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.code()).isEqualTo("invalid_configuration");
        assertThat(answer.json().path("error").path("details").findValuesAsString("path")).contains(path);
        assertThat(document()).isEqualTo(before);
        assertThat(gateway.applied).hasSize(appliedBefore);
    }

    @Test
    void lanChangesReachTheDocumentAndTheEngineAndABadAddressIsRefusedWithItsPath() throws Exception {
        ApiClient admin = admin();
        JsonNode lan = admin.get("/api/network/lan").json();
        assertThat(lan.path("LAN").path("IP").asString()).isEqualTo("192.168.1.1");
        String body = "{\"LAN\": {\"IP\": \"10.20.0.1\", \"Mask\": \"255.255.0.0\", \"DHCPFlag\": false, "
                + "\"FirstDNSServer\": \"9.9.9.9\", \"SecondDNSServer\": \"1.1.1.1\"}}";
        ApiClient.Answer put = admin.json("PUT", "/api/network/lan", body);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("version").asInt()).isEqualTo(gateway.service.history().currentVersion());
        assertThat(put.json().path("warnings").findValuesAsString("reason")).anyMatch(r -> r.contains("from 192.168.1.1 to 10.20.0.1"));
        assertThat(gateway.applied.getLast().config().network().lan().address()).isEqualTo(Ipv4Address.parse("10.20.0.1"));
        assertThat(gateway.engine.policy().lanAddress()).isEqualTo(Ipv4Address.parse("10.20.0.1").value());
        assertThat(gateway.engine.policy().lanSubnet()).isEqualTo(new Ipv4Prefix(Ipv4Address.parse("10.20.0.0").value(), 16));
        // The certificate made for 127.0.0.1 now lacks the LAN address: the certificates' warning says so.
        assertThat(admin.get("/api/certificates").json().path("webServer").path("warnings").toString()).contains("10.20.0.1");

        String before = document();
        int applied = gateway.applied.size();
        refused(admin.json("PUT", "/api/network/lan", "{\"LAN\": {\"IP\": \"10.20.0.256\", \"Mask\": \"255.255.0.0\"}}"),
                "$.NETWORK.LAN.IP", before, applied);
        refused(admin.json("PUT", "/api/network/lan", "{\"LAN\": {\"IP\": 5}}"), "$.NETWORK.LAN.IP", before, applied);
        assertThat(gateway.engine.policy().lanAddress()).isEqualTo(Ipv4Address.parse("10.20.0.1").value());
        // Request shape errors name the request's path.
        ApiClient.Answer unknown = admin.json("PUT", "/api/network/lan", "{\"LAN\": {}, \"WAN\": {}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("details").findValuesAsString("path")).containsExactly("$.WAN");
        assertThat(admin.json("PUT", "/api/network/lan", "{}").status()).isEqualTo(400);
        assertThat(document()).isEqualTo(before);
    }

    @Test
    void wanAndMasqueradingChangeTogether() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer put = admin.json("PUT", "/api/network/wan", "{\"WAN\": {\"DHCPFlag\": false, \"IP\": \"203.0.113.10\", "
                + "\"Mask\": \"255.255.255.0\", \"DefaultGateway\": \"203.0.113.1\", \"FirstDNSAddress\": \"203.0.113.53\"}, "
                + "\"NAT\": {\"masquerading\": false}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(gateway.engine.policy().masquerading()).isFalse();
        assertThat(gateway.engine.policy().wanAddress()).isEqualTo(Ipv4Address.parse("203.0.113.10").value());
        assertThat(gateway.engine.policy().wanDefaultGateway()).isEqualTo(Ipv4Address.parse("203.0.113.1").value());
        assertThat(admin.get("/api/network/wan").json().path("NAT").path("masquerading").asBoolean()).isFalse();
        String before = document();
        int applied = gateway.applied.size();
        // A static WAN needs its gateway inside the WAN subnet.
        refused(admin.json("PUT", "/api/network/wan", "{\"WAN\": {\"DHCPFlag\": false, \"IP\": \"203.0.113.10\", "
                + "\"Mask\": \"255.255.255.0\", \"DefaultGateway\": \"198.51.100.1\"}, \"NAT\": {\"masquerading\": true}}"),
                "$.NETWORK.WAN.DefaultGateway", before, applied);
        refused(admin.json("PUT", "/api/network/wan", "{\"WAN\": {\"DHCPFlag\": true}, \"NAT\": {\"masquerading\": \"yes\"}}"),
                "$.NETWORK.NAT.masquerading", before, applied);
        assertThat(gateway.engine.policy().masquerading()).isFalse();
    }

    @Test
    void filteringBlocksTheChosenProtocolsInTheEngine() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer put = admin.json("PUT", "/api/network/filtering",
                "{\"APP_PROTO\": {\"filtered_protos\": {\"modbus\": true, \"ftp\": true}}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(gateway.applied.getLast().config().network().filteredProtocols()).containsExactlyInAnyOrder(AppProtocol.MODBUS,
                AppProtocol.FTP);
        assertThat(gateway.engine.policy().blocksAppProtocol(AppProtocol.MODBUS.ordinal() + 1)).isTrue();
        assertThat(gateway.engine.policy().blocksAppProtocol(AppProtocol.HTTP.ordinal() + 1)).isFalse();
        String before = document();
        refused(admin.json("PUT", "/api/network/filtering", "{\"APP_PROTO\": {\"filtered_protos\": {\"modbuss\": true}}}"),
                "$.NETWORK.APP_PROTO.filtered_protos.modbuss", before, gateway.applied.size());
    }

    @Test
    void routesCarryTheirStateFromTheDataPlane() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer added = admin.json("POST", "/api/network/routes",
                "{\"action\": \"add\", \"ipaddr\": \"10.30.0.0\", \"mask\": \"255.255.0.0\", \"gateway\": \"192.168.1.254\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().path("index").asInt()).isZero();
        StaticRoute route = gateway.applied.getLast().config().network().routes().getFirst();
        assertThat(route.destination()).isEqualTo(new Ipv4Prefix(Ipv4Address.parse("10.30.0.0").value(), 16));
        assertThat(gateway.engine.policy().routes().routes()).anyMatch(r -> r.destination().equals(route.destination()));
        assertThat(admin.json("POST", "/api/network/routes", "{\"action\": \"add\", \"ipaddr\": \"10.31.0.0\", \"mask\": "
                + "\"255.255.0.0\", \"gateway\": \"192.168.1.253\"}").status()).isEqualTo(200);
        assertThat(admin.json("POST", "/api/network/routes", "{\"action\": \"delete\", \"ipaddr\": \"10.32.0.0\", \"mask\": "
                + "\"255.255.0.0\", \"gateway\": \"192.168.1.253\"}").status()).isEqualTo(200);

        // Without a live data plane every route says so, and reload is refused.
        JsonNode view = admin.get("/api/network/routes").json();
        assertThat(view.path("live").asBoolean()).isFalse();
        assertThat(view.path("routes").get(0).path("applied").path("state").asString()).isEqualTo("not-applied");
        assertThat(view.path("routes").get(0).path("applied").path("reason").asString()).isEqualTo(RouteStates.NOT_LIVE);
        ApiClient.Answer reload = admin.json("POST", "/api/network/routes/reload", null);
        assertThat(reload.status()).isEqualTo(409);
        assertThat(reload.code()).isEqualTo("not_live");

        // With one: active, failed with the data plane's reason, pending when not applied yet, delete entries not applied.
        states.live = true;
        states.reports = List.of(new RouteStates.Report(route.destination(), route.gateway(), RouteStates.State.ACTIVE, Optional.empty()));
        view = admin.get("/api/network/routes").json();
        assertThat(view.path("routes").get(0).path("applied").path("state").asString()).isEqualTo("active");
        assertThat(view.path("routes").get(1).path("applied").path("state").asString()).isEqualTo("pending");
        assertThat(view.path("routes").get(2).path("applied").path("state").asString()).isEqualTo("not-applied");
        states.afterReload = List.of(states.reports.getFirst(), new RouteStates.Report(
                new Ipv4Prefix(Ipv4Address.parse("10.31.0.0").value(), 16), Ipv4Address.parse("192.168.1.253"), RouteStates.State.FAILED,
                Optional.of("the host already has a route to 10.31.0.0/16")));
        reload = admin.json("POST", "/api/network/routes/reload", null);
        assertThat(reload.status()).as(reload.body()).isEqualTo(200);
        assertThat(states.reloads).hasValue(1);
        assertThat(reload.json().path("routes").get(1).path("applied").path("state").asString()).isEqualTo("failed");
        assertThat(reload.json().path("routes").get(1).path("applied").path("reason").asString()).contains("already has a route");
        states.reloadFailure = "ip route: permission denied";
        reload = admin.json("POST", "/api/network/routes/reload", null);
        assertThat(reload.status()).isEqualTo(500);
        assertThat(reload.code()).isEqualTo("reload_failed");

        // Edit and delete by position; a gateway outside both subnets is refused at its path.
        assertThat(admin.json("PUT", "/api/network/routes/1", "{\"action\": \"add\", \"ipaddr\": \"10.33.0.0\", \"mask\": "
                + "\"255.255.0.0\", \"gateway\": \"192.168.1.253\"}").status()).isEqualTo(200);
        assertThat(gateway.applied.getLast().config().network().routes()).extracting(r -> r.destination().toString())
                .contains("10.33.0.0/16").doesNotContain("10.31.0.0/16");
        String before = document();
        refused(admin.json("PUT", "/api/network/routes/1", "{\"action\": \"add\", \"ipaddr\": \"10.33.0.0\", \"mask\": "
                + "\"255.255.0.0\", \"gateway\": \"172.16.0.1\"}"), "$.NETWORK.ROUTING_TABLE.routes[1].gateway", before, gateway.applied.size());
        assertThat(admin.json("PUT", "/api/network/routes/7", "{\"action\": \"add\"}").status()).isEqualTo(404);
        assertThat(admin.json("DELETE", "/api/network/routes/01", null).status()).isEqualTo(404);
        assertThat(admin.json("DELETE", "/api/network/routes/0", null).status()).isEqualTo(204);
        assertThat(gateway.applied.getLast().config().network().routes()).extracting(r -> r.destination().toString())
                .containsExactly("10.33.0.0/16", "10.32.0.0/16");
    }

    @Test
    void portForwardingRulesAreAddedSwitchedMovedAndDeleted() throws Exception {
        ApiClient admin = admin();
        for (int port : new int[] {8080, 8081, 8082}) {
            ApiClient.Answer add = admin.json("POST", "/api/network/port-forwarding", "{\"comment\": \"r" + port + "\", "
                    + "\"ipAddrInternal\": \"192.168.1.50\", \"portExternal\": " + port + ", \"portInternal\": 80, \"protocol\": \"tcp\", "
                    + "\"zone\": \"wan\"}");
            assertThat(add.status()).as(add.body()).isEqualTo(200);
        }
        assertThat(gateway.engine.policy().forwardRuleCount()).isEqualTo(3);
        assertThat(gateway.engine.policy().forwardRule(6, 8081)).isGreaterThanOrEqualTo(0);
        assertThat(admin.json("POST", "/api/network/port-forwarding/1/disable", null).status()).isEqualTo(200);
        assertThat(gateway.engine.policy().forwardRuleCount()).isEqualTo(2);
        assertThat(gateway.engine.policy().forwardRule(6, 8081)).isNegative();
        assertThat(admin.get("/api/network/port-forwarding").json().path("rules").get(1).path("status").asBoolean()).isFalse();
        assertThat(admin.json("POST", "/api/network/port-forwarding/1/enable", null).status()).isEqualTo(200);
        assertThat(admin.get("/api/network/port-forwarding").json().path("rules").get(1).has("status")).isFalse();
        assertThat(gateway.engine.policy().forwardRuleCount()).isEqualTo(3);
        ApiClient.Answer move = admin.json("POST", "/api/network/port-forwarding/2/move", "{\"to\": 0}");
        assertThat(move.status()).as(move.body()).isEqualTo(200);
        assertThat(gateway.applied.getLast().config().network().portForwards()).extracting(r -> r.externalPort())
                .containsExactly(8082, 8080, 8081);
        assertThat(admin.json("POST", "/api/network/port-forwarding/0/move", "{\"to\": 3}").status()).isEqualTo(400);
        String before = document();
        refused(admin.json("PUT", "/api/network/port-forwarding/0", "{\"comment\": \"\", \"ipAddrInternal\": \"192.168.1.50\", "
                + "\"portExternal\": 443, \"portInternal\": 80, \"protocol\": \"tcp\", \"zone\": \"wan\"}"),
                "$.NETWORK.NAPT.rules[0].portExternal", before, gateway.applied.size());
        refused(admin.json("POST", "/api/network/port-forwarding", "{\"comment\": \"dup\", \"ipAddrInternal\": \"192.168.1.51\", "
                + "\"portExternal\": 8080, \"portInternal\": 80, \"protocol\": \"tcp\", \"zone\": \"wan\"}"),
                "$.NETWORK.NAPT.rules[3].portExternal", before, gateway.applied.size());
        assertThat(admin.json("DELETE", "/api/network/port-forwarding/0", null).status()).isEqualTo(204);
        assertThat(gateway.applied.getLast().config().network().portForwards()).extracting(r -> r.externalPort())
                .containsExactly(8080, 8081);
        assertThat(gateway.service.history().versions().getFirst().comment()).contains("port-forwarding rule 0 deleted");
    }

    @Test
    void allowAndDenylistEntriesAndSwitches() throws Exception {
        ApiClient admin = admin();
        assertThat(admin.json("PUT", "/api/network/protector", "{\"IPSPFlag\": true, \"blockedListFlag\": true}").status()).isEqualTo(200);
        assertThat(admin.json("POST", "/api/network/allowlist", "{\"ipAddrSource\": \"192.168.1.77\"}").status()).isEqualTo(200);
        gateway.clock.advance(java.time.Duration.ofSeconds(5));
        ApiClient.Answer deny = admin.json("POST", "/api/network/denylist", "{\"ipAddrSource\": \"198.51.100.9\"}");
        assertThat(deny.status()).as(deny.body()).isEqualTo(200);
        assertThat(gateway.engine.policy().allowlisted(Ipv4Address.parse("192.168.1.77").value())).isTrue();
        assertThat(gateway.engine.policy().inConfiguredDenylist(Ipv4Address.parse("198.51.100.9").value())).isTrue();
        assertThat(gateway.engine.policy().denylistEnforced()).isTrue();
        JsonNode lists = admin.get("/api/network/protector").json();
        assertThat(lists.path("blockedList").get(0).path("timestamp").asLong()).isEqualTo(gateway.clock.instant().getEpochSecond());
        String before = document();
        for (String bad : new String[] {"0.1.2.3", "255.255.255.255", "10.0.0", ""}) {
            refused(admin.json("POST", "/api/network/allowlist", "{\"ipAddrSource\": \"" + bad + "\"}"),
                    "$.NETWORK.IDS_PROXY.allowList[1].ipAddrSource", before, gateway.applied.size());
        }
        assertThat(admin.json("DELETE", "/api/network/denylist/0", null).status()).isEqualTo(204);
        assertThat(gateway.engine.policy().inConfiguredDenylist(Ipv4Address.parse("198.51.100.9").value())).isFalse();
        assertThat(admin.json("DELETE", "/api/network/allowlist/0", null).status()).isEqualTo(204);
        assertThat(gateway.applied.getLast().config().network().idsProxy().allowlist()).isEmpty();
        ApiClient.Answer unknown = admin.json("PUT", "/api/network/protector", "{\"IPSPflag\": true}");
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void theUserIsRefusedEveryNetworkOperationAndChangesNeedTheCsrfToken() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer credentials = admin.json("PUT", "/api/accounts/user/credentials",
                "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}");
        assertThat(credentials.status()).isEqualTo(200);
        assertThat(admin.send("PUT", "/api/certificates/user", Pem.encode(gateway.user.certificate()), "application/x-pem-file").status())
                .isEqualTo(200);
        String before = document();
        // Without the token, or with a wrong one, nothing changes.
        ApiClient.Answer noToken = admin.send("PUT", "/api/network/filtering",
                "{\"APP_PROTO\": {\"filtered_protos\": {\"http\": true}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json", null, null);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.code()).isEqualTo("csrf");
        ApiClient.Answer wrong = admin.send("POST", "/api/network/allowlist",
                "{\"ipAddrSource\": \"192.168.1.9\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", "wrong", null);
        assertThat(wrong.code()).isEqualTo("csrf");
        assertThat(document()).isEqualTo(before);

        // One session at a time: the administrator signs out first.
        assertThat(admin.json("DELETE", "/api/session", null).status()).isEqualTo(204);
        ApiClient user = gateway.client(gateway.user);
        assertThat(user.signIn("user", USER_PASSWORD).status()).isEqualTo(201);
        int checked = 0;
        for (Route route : gateway.service.routes().routes()) {
            if (!route.template().startsWith("/api/network") && !route.template().startsWith("/network")) {
                continue;
            }
            String path = route.template().replace("{index}", "0").replace("{operation}", "delete").replace("{list}", "allowlist");
            ApiClient.Answer answer = route.page()
                    ? user.send(route.method(), path, ("_csrf=" + user.csrf).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            "application/x-www-form-urlencoded", null, null)
                    : user.json(route.method(), path, route.changesState() ? "{}" : null);
            assertThat(answer.status()).as(route.method() + " " + path).isEqualTo(403);
            checked++;
        }
        assertThat(checked).as("27 API routes, 22 network pages, 5 firewall pages").isEqualTo(54);
        assertThat(document()).isEqualTo(before);
    }

    @Test
    void theOpenApiDocumentDescribesEveryNetworkOperation() throws Exception {
        ApiClient admin = admin();
        JsonNode doc = admin.get("/api/openapi.json").json();
        JsonNode schemas = doc.path("components").path("schemas");
        int operations = 0;
        for (Route route : gateway.service.routes().routes()) {
            if (!route.template().startsWith("/api/network")) {
                continue;
            }
            JsonNode op = doc.path("paths").path(route.template()).path(route.method().toLowerCase(java.util.Locale.ROOT));
            assertThat(op.isObject()).as(route.method() + " " + route.template()).isTrue();
            assertThat(op.path("summary").asString()).isNotBlank();
            assertThat(op.path("x-roles").toString()).isEqualTo("[\"administrator\"]");
            if (route.requestSchema() != null) {
                assertThat(schemas.has(route.requestSchema())).as(route.requestSchema()).isTrue();
            }
            if (route.changesState()) {
                assertThat(op.path("parameters").findValuesAsString("name")).contains("X-CSRF-Token");
            }
            operations++;
        }
        assertThat(operations).isEqualTo(27);
    }
}
