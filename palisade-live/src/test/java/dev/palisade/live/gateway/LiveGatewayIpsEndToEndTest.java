package dev.palisade.live.gateway;

import static dev.palisade.live.gateway.GatewayTopology.GATEWAY_WAN;
import static dev.palisade.live.gateway.GatewayTopology.LAN_HOST;
import static dev.palisade.live.gateway.GatewayTopology.WAN_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigException;
import dev.palisade.engine.EngineEvent;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.live.nft.RenderedRuleset;
import dev.palisade.policy.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The industrial IPS behind NFQUEUE on live traffic: the Network Protector runs in every queue's
 * engine of a {@link LiveGateway} in namespace {@code plqigw} ({@link GatewayTopology} with prefix
 * {@code plqi}). A PLC (a small Modbus/TCP server in python3, {@code gateway/modbus_peer.py}) sits
 * on the LAN behind port forwarding of 502; on the WAN host a SCADA client (198.51.100.1) and an
 * attacker (198.51.100.66) speak Modbus/TCP to it. Rules: reads are alerts, any write is dropped.
 * After each test the gateway is stopped and the namespace's nft ruleset, iptables and routes must
 * be what they were before; the namespaces go in {@link #tearDown()}, also when a test fails.
 */
class LiveGatewayIpsEndToEndTest {

    static final String ATTACKER = "198.51.100.66";
    static final String RULES = """
            alert modbus any any -> any any (msg:"Modbus read"; modbus: function 3; sid:1000001;)
            drop modbus any any -> any any (msg:"Modbus write"; modbus: access write; sid:1000002;)
            """;

    private static GatewayTopology net;
    private static String pristine;
    private LiveGateway gateway;

    @BeforeAll
    static void topology() throws IOException {
        net = GatewayTopology.prepared("plqi", n -> {
            n.addWanHostAddress(ATTACKER);
            assertThat(n.python(n.lanNs, "/gateway/modbus_peer.py", 5, "serve", LAN_HOST, "502").first()).isEqualTo("listening");
            n.serve(n.wanNs, WAN_HOST, 7000);
        });
        pristine = net.kernelState();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void stopLeavesTheHostAsItWas() {
        if (gateway != null) {
            gateway.stop();
            gateway = null;
        }
        assertThat(net.kernelState()).as("nft ruleset, iptables and routes after stop").isEqualTo(pristine);
    }

    static String document(String blockedListJson) throws IOException {
        try (var in = LiveGatewayIpsEndToEndTest.class.getResourceAsStream("/gateway/router-modbus-ips.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            text = text.replace("RULES", Base64.getEncoder().encodeToString(RULES.getBytes(StandardCharsets.UTF_8)));
            return text.replace("\"blockedListFlag\": true}", "\"blockedListFlag\": true" + blockedListJson + "}");
        }
    }

    private static ConfigDocument parse(String text) throws ConfigException {
        return ConfigDocument.parse(text);
    }

    /** Two queues, each engine with its own Network Protector over the document's rules; events collected. */
    private static LiveOptions options(ConfigDocument doc, List<EngineEvent> events) {
        var files = NetworkProtector.files(doc.netProtector().orElseThrow());
        return LiveOptions.defaults().withQueues(2).inNamespace(net.gatewayNs)
                .withEngineSetup((queue, engine) -> NetworkProtector.installInto(engine, files, ProtectorSettings.DEFAULTS,
                        ProtectorListener.NONE))
                .withEvents(events::add);
    }

    private String denylistSet() {
        return net.gatewayCommands().run(List.of("nft", "list", "set", "inet", "palisade", "denylist")).stdout();
    }

    @Test
    void readsPassTheWriteIsDroppedAndTheKernelDenylistsTheWriter() throws Exception {
        ConfigDocument doc = parse(document(""));
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        gateway = LiveGateway.start(doc.config(), net.lanIf, net.wanIf, options(doc, events));
        try (var scada = net.python(net.wanNs, "/gateway/modbus_peer.py", 6, "client", GATEWAY_WAN, "502", WAN_HOST);
                var attacker = net.python(net.wanNs, "/gateway/modbus_peer.py", 6, "client", GATEWAY_WAN, "502", ATTACKER)) {
            assertThat(scada.first()).isEqualTo("connected");
            assertThat(attacker.first()).isEqualTo("connected");
            assertThat(scada.exchange("read 0 3", 4)).isEqualTo("ok 100 101 102");
            Thread.sleep(200); // the queue threads publish their counters when idle
            long queuedBefore = gateway.counters().queues().packets();
            for (int i = 0; i < 10; i++) {
                assertThat(scada.exchange("read 1 2", 4)).isEqualTo("ok 101 102");
            }
            // every request and answer of an inspected Modbus flow goes through the queue (never settled);
            // queue counters are published every 50 ms
            await().atMost(Duration.ofSeconds(3)).until(() -> gateway.counters().queues().packets() - queuedBefore >= 20);
            assertThat(attacker.exchange("read 5 1", 4)).as("the attacker's read passes").isEqualTo("ok 105");

            assertThat(attacker.exchange("write 5 999", 4)).as("the write is dropped").isEqualTo("timeout");
            await().atMost(Duration.ofSeconds(5)).until(() -> denylistSet().contains(ATTACKER));
            assertThat(denylistSet()).doesNotContain(WAN_HOST);
            assertThat(scada.exchange("read 5 1", 4)).as("the write never reached the PLC").isEqualTo("ok 105");
            assertThat(attacker.exchange("read 0 1", 4)).as("the open connection of the writer is cut").isEqualTo("timeout");
        }
        try (var again = net.python(net.wanNs, "/gateway/modbus_peer.py", 6, "client", GATEWAY_WAN, "502", ATTACKER)) {
            assertThat(again.first()).as("a new connection of the denylisted writer").startsWith("failed");
        }
        try (var scada = net.python(net.wanNs, "/gateway/modbus_peer.py", 6, "client", GATEWAY_WAN, "502", WAN_HOST)) {
            assertThat(scada.first()).isEqualTo("connected");
            assertThat(scada.exchange("read 2 1", 4)).as("the SCADA host goes on reading").isEqualTo("ok 102");
        }
        LiveCounters c = gateway.counters();
        assertThat(c.kernelPackets("ip-denylist")).as("the kernel drops the writer's packets at ip-denylist").isPositive();
        assertThat(gateway.denylistAdditions()).isEqualTo(1);
        assertThat(gateway.denylistFailures()).isEmpty();
        assertThat(gateway.queueFailures()).isEmpty();
        await().atMost(Duration.ofSeconds(3)).until(() -> gateway.counters().engines().stream().mapToLong(e -> e.stage(Stage.IPS_BLOCK)).sum() >= 1);
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.SourceBlocked).singleElement()
                .satisfies(e -> assertThat(((EngineEvent.SourceBlocked) e).sid()).isEqualTo(1000002));

        // A new configuration (a rule more) is a new table: the source the IPS blocked is written into it again.
        String withRule = document("").replace("\"FIREWALL\": {\"rules\": [\n", "\"FIREWALL\": {\"rules\": [\n      {\"status\": true, \"action\": \"deny\", "
                + "\"protocol\": \"tcp\", \"zone\": \"In\", \"portDest\": \"7001\"},\n");
        assertThat(withRule).isNotEqualTo(document(""));
        gateway.apply(parse(withRule).config());
        assertThat(gateway.counters().kernelPackets("custom-deny:0")).as("the new table is in force").isZero();
        assertThat(net.gatewayCommands().run(List.of("nft", "list", "chain", "inet", "palisade", "custom_deny")).stdout())
                .contains("7001");
        assertThat(denylistSet()).contains(ATTACKER);
        try (var after = net.python(net.wanNs, "/gateway/modbus_peer.py", 6, "client", GATEWAY_WAN, "502", ATTACKER)) {
            assertThat(after.first()).as("still denylisted after the reload").startsWith("failed");
        }
    }

    @Test
    void aRulesetTheKernelRefusesLeavesTheEnginesAndTheKernelOnThePreviousConfiguration() throws Exception {
        ConfigDocument doc = parse(document(""));
        gateway = LiveGateway.start(doc.config(), net.lanIf, net.wanIf, options(doc, new CopyOnWriteArrayList<>()));
        // The SCADA host on the blocked list: if the engines took this while the kernel kept the old table,
        // the SCADA host's queued Modbus packets would be dropped by the engines.
        ConfigDocument blocking = parse(document(", \"blockedList\": [{\"ipAddrSource\": \"" + WAN_HOST + "\", \"signatureName\": \"test\"}]"));
        gateway.rulesetEdit = r -> new RenderedRuleset(r.nft().replace("counter drop comment \"preset-block\"", "counter frobnicate"),
                r.iptablesQueueRules(), r.lanInterface(), r.wanInterface(), r.scope());
        assertThatThrownBy(() -> gateway.apply(blocking.config())).isInstanceOf(LiveGatewayException.class)
                .hasMessageContaining("previous one stays in force").hasMessageContaining("nft -c");
        assertThat(gateway.config()).isEqualTo(doc.config());
        try (var scada = net.python(net.wanNs, "/gateway/modbus_peer.py", 6, "client", GATEWAY_WAN, "502", WAN_HOST)) {
            assertThat(scada.first()).as("the kernel's old table").isEqualTo("connected");
            assertThat(scada.exchange("read 0 1", 4)).as("the engines' old configuration").isEqualTo("ok 100");
        }
        assertThat(denylistSet()).doesNotContain(WAN_HOST);

        gateway.rulesetEdit = r -> r;
        gateway.apply(blocking.config());
        assertThat(denylistSet()).contains(WAN_HOST);
        try (var scada = net.python(net.wanNs, "/gateway/modbus_peer.py", 6, "client", GATEWAY_WAN, "502", WAN_HOST)) {
            assertThat(scada.first()).as("now denylisted").startsWith("failed");
        }
    }
}
