package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.ConfigDocument;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.live.gateway.LiveOptions;
import dev.palisade.live.nft.HostCommands;
import dev.palisade.system.mode.EmergencyCause;
import dev.palisade.system.mode.EmergencyListener;
import dev.palisade.system.mode.EmergencySupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code palisade run --live} ties the live gateway to the service, against the kernel of a
 * network namespace the test creates ({@code plqcgw} with veth interfaces {@code plqcl0} and
 * {@code plqcw0} (their peers in the same namespace); removed after each test, also when it fails): configuration changes from the
 * management service reach the kernel table before the service's engine, a refused change leaves
 * the table, the queue engines and the service's engine on the previous configuration, and
 * emergency support mode ({@link EmergencySupport}, as the service runs it) switches the kernel's
 * {@code emergency} set, also when it was entered before the live gateway started.
 */
class LiveModeWiringTest {

    private static final String NS = "plqcgw";
    private static final String LAN_IF = "plqcl0";
    private static final String WAN_IF = "plqcw0";
    private static final HostCommands GW = HostCommands.inNetworkNamespace(NS);

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path data;

    private LiveMode live;

    @BeforeEach
    void namespace() {
        HostCommands.host().run(List.of("ip", "netns", "del", NS));
        HostCommands.host().require(List.of("ip", "netns", "add", NS), null, "test setup");
        for (String[] link : new String[][] {{LAN_IF, "192.168.1.1/24"}, {WAN_IF, "198.51.100.2/24"}}) {
            GW.require(List.of("ip", "link", "add", link[0], "type", "veth", "peer", "name", link[0] + "p"), null, "test setup");
            GW.require(List.of("ip", "link", "set", link[0] + "p", "up"), null, "test setup");
            GW.require(List.of("ip", "addr", "add", link[1], "dev", link[0]), null, "test setup");
            GW.require(List.of("ip", "link", "set", link[0], "up"), null, "test setup");
        }
    }

    @AfterEach
    void cleanUp() {
        try {
            if (live != null) {
                live.stop();
                assertThat(GW.run(List.of("nft", "list", "tables")).stdout()).doesNotContain("palisade");
            }
        } finally {
            HostCommands.host().run(List.of("ip", "netns", "del", NS));
        }
    }

    /** The replay tests' router document with the Network Protector running {@code rules}, plus {@code extraRule} (JSON) first. */
    static ConfigDocument document(String rules, String extraRule) throws Exception {
        String base64 = Base64.getEncoder().encodeToString(rules.getBytes(StandardCharsets.UTF_8));
        String json = ReplayCommandTest.CONFIG;
        if (!extraRule.isEmpty()) {
            String withRule = json.replace("\"FIREWALL\": {\"rules\": [", "\"FIREWALL\": {\"rules\": [" + extraRule + ",");
            assertThat(withRule).isNotEqualTo(json);
            json = withRule;
        }
        json = json.substring(0, json.lastIndexOf('}')) + ", " + """
                "APPLICATIONS": {"APPS_CONTROL": {"applications": [{"package_id": "palisade.netprotector", "execute": true, "configured": true}]}},
                "palisade.netprotector": {"APP_CONFIGURATION": {"industrial_commands_rules": "%s", "industrial_anomaly_rules": ""}}
                """.formatted(base64) + "}";
        return ConfigDocument.parse(json);
    }

    private static final String WRITE_DROP = "drop modbus any any -> any any (msg:\"write\"; modbus: access write; sid:1000002;)\n";
    private static final String DENY_7001 = "{\"status\": true, \"action\": \"deny\", \"protocol\": \"tcp\", \"zone\": \"In\", "
            + "\"ipAddrSource\": \"\", \"ipAddrDest\": \"\", \"portSource\": \"\", \"portDest\": \"7001\"}";

    private LiveMode start(ConfigDocument doc, LiveMode.EmergencySwitch emergency) {
        LiveMode m = LiveMode.start(doc, LAN_IF, WAN_IF, LiveOptions.defaults().withQueues(1).inNamespace(NS), emergency);
        assertThat(m).as("live mode started: " + console.err().toString(StandardCharsets.UTF_8)).isNotNull();
        return m;
    }

    private static String chain(String name) {
        return GW.require(List.of("nft", "list", "chain", "inet", "palisade", name), null, "test").stdout();
    }

    @Test
    void aChangeReachesTheKernelAndARefusedOneChangesNothingAnywhere() throws Exception {
        ConfigDocument first = document(WRITE_DROP, "");
        TrafficEngine engine = new TrafficEngine(first.config(), EngineOptions.defaults(), FrameSink.DISCARD);
        live = start(first, new LiveMode.EmergencySwitch(engine::setEmergency));
        assertThat(console.out().toString(StandardCharsets.UTF_8)).contains("industrial IPS in every queue");
        assertThat(LiveMode.kernelStatus(null)).as("not live: the Status section shows the engine alone").isEmpty();
        assertThat(LiveMode.kernelStatus(live)).as("live: the kernel's counters are read").isPresent();
        var target = LiveMode.target(engine, () -> live);

        ConfigDocument badRules = document("drop modbus any any -> any any (msg:\"x\"; modbus: function banana; sid:5;)\n", DENY_7001);
        assertThatThrownBy(() -> target.apply(badRules)).isInstanceOf(NetworkProtector.RulesRejected.class);
        assertThat(chain("custom_deny")).doesNotContain("7001");
        assertThat(live.gateway().config()).isEqualTo(first.config());
        assertThat(engine.policy().config()).as("the service's engine").isEqualTo(first.config());

        ConfigDocument next = document(WRITE_DROP, DENY_7001);
        target.apply(next);
        assertThat(chain("custom_deny")).contains("7001");
        assertThat(live.gateway().config()).isEqualTo(next.config());
        assertThat(engine.policy().config()).isEqualTo(next.config());
    }

    @Test
    void emergencySupportModeSwitchesTheKernelRulesetToo() throws Exception {
        ConfigDocument doc = document(WRITE_DROP, "");
        TrafficEngine engine = new TrafficEngine(doc.config(), EngineOptions.defaults(), FrameSink.DISCARD);
        LiveMode.EmergencySwitch emergencySwitch = new LiveMode.EmergencySwitch(engine::setEmergency);
        try (AuditStore audit = AuditStore.open(data.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            EmergencySupport support = new EmergencySupport(data, audit, Clock.systemUTC(), emergencySwitch, EmergencyListener.NONE);
            support.start(doc.config().modeSwitch(), cause -> Optional.empty());
            live = start(doc, emergencySwitch);
            assertThat(chain("emergency_deny")).isNotEmpty();
            assertThat(emergencySet()).doesNotContain(LAN_IF);

            support.enter(EmergencyCause.IPS_FAILED, "test: the protector failed");
            assertThat(engine.emergency()).isTrue();
            assertThat(live.gateway().emergency()).isTrue();
            assertThat(emergencySet()).contains(LAN_IF).contains(WAN_IF);
        }
    }

    @Test
    void emergencyEnteredBeforeTheGatewayStartsIsInItsFirstTable() throws Exception {
        ConfigDocument doc = document(WRITE_DROP, "");
        TrafficEngine engine = new TrafficEngine(doc.config(), EngineOptions.defaults(), FrameSink.DISCARD);
        LiveMode.EmergencySwitch emergencySwitch = new LiveMode.EmergencySwitch(engine::setEmergency);
        emergencySwitch.accept(true);
        live = start(doc, emergencySwitch);
        assertThat(live.gateway().emergency()).isTrue();
        assertThat(emergencySet()).contains(LAN_IF).contains(WAN_IF);
        assertThat(console.out().toString(StandardCharsets.UTF_8)).contains("EMERGENCY SUPPORT MODE");
    }

    private static String emergencySet() {
        return GW.require(List.of("nft", "list", "set", "inet", "palisade", "emergency"), null, "test").stdout();
    }
}
