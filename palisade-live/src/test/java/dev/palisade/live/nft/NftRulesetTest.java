package dev.palisade.live.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.policy.Policy;
import dev.palisade.policy.PolicySettings;
import dev.palisade.policy.Stage;
import dev.palisade.testing.TestConfigs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of the renderer over generated configurations (seeded, so a failure repeats):
 * every rule is counted and named after a stage, stages appear in the procedure's order, and
 * the kernel accepts every generated table ({@code nft -c} in a namespace of the test's own).
 */
class NftRulesetTest {

    private static final TestNamespaces NAMESPACES = new TestNamespaces();
    private static HostCommands kernel;
    private static final RulesetOptions OPTIONS = RulesetOptions.of("plnftl0", "plnftw0");
    private static final Set<String> KNOWN_PREFIXES = Set.of("enter", "other-interface", "foreign-interface", "transit",
            "masquerade", "dnat", "queue", "procedure", "internal", "external", NftRuleset.FAST_PATH);

    @BeforeAll
    static void namespace() {
        kernel = HostCommands.inNetworkNamespace(NAMESPACES.create("unit"));
    }

    @AfterAll
    static void cleanUp() {
        NAMESPACES.close();
    }

    static GatewayConfig generated(long seed) {
        Random random = new Random(seed);
        boolean router = random.nextBoolean();
        TestConfigs c = router ? TestConfigs.router() : TestConfigs.diode();
        for (int i = router ? random.nextInt(5) : 0; i > 0; i--) {
            c.forward(random.nextBoolean() ? "tcp" : "udp", 8000 + i, "192.168.1." + (10 + i), 80 + i);
        }
        String[] zones = {"In", "Out"};
        String[] protocols = {"any", "tcp", "udp", "icmp"};
        String[] addresses = {null, "10.0.0.0/8", "203.0.113.9", "192.168.1.0/24", "0.0.0.0/0"};
        String[] ports = {null, "80", "1000-2000", "65535"};
        int rules = random.nextInt(40);
        for (int i = 0; i < rules; i++) {
            String protocol = protocols[random.nextInt(4)];
            boolean icmp = protocol.equals("icmp");
            c.rule(random.nextInt(10) > 0, random.nextBoolean() ? "accept" : "deny", zones[random.nextInt(2)], protocol,
                    addresses[random.nextInt(addresses.length)], icmp ? null : ports[random.nextInt(ports.length)],
                    addresses[random.nextInt(addresses.length)], icmp ? null : ports[random.nextInt(ports.length)]);
        }
        c.lists(random.nextBoolean(), random.nextBoolean());
        for (int i = random.nextInt(50); i > 0; i--) {
            c.allow("10.0." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
            c.deny("172.16." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
        }
        if (random.nextBoolean()) {
            c.block(AppProtocol.values()[random.nextInt(AppProtocol.values().length)]);
        }
        if (random.nextInt(3) == 0) {
            c.application(Policy.NETWORK_PROTECTOR_PACKAGE, random.nextBoolean());
        }
        c.masquerading(random.nextBoolean()).wanDhcp(random.nextBoolean());
        return c.build();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyRuleIsCountedNamedAndAcceptedByTheKernel(long seed) {
        RenderedRuleset r = NftRuleset.render(generated(seed), OPTIONS.withEmergency(seed % 2 == 0));
        Set<String> stageKeys = Arrays.stream(Stage.values()).map(Stage::key).collect(Collectors.toSet());
        String admit = r.nft().substring(r.nft().indexOf("chain admit {"), r.nft().indexOf("\n    }\n", r.nft().indexOf("chain admit {")) + 1);
        assertThat(admit).as("the one chain without counters: it only remembers what a stage admitted")
                .contains("update @" + NftRuleset.FAST_PATH_SET).doesNotContain("drop").endsWith("accept\n");
        for (String line : r.nft().replace(admit, "").lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("chain ") || line.startsWith("set ")
                    || line.startsWith("table ") || line.startsWith("delete table") || line.startsWith("type ") || line.equals("}")) {
                continue;
            }
            if (line.matches("(.* )?jump [a-z_]+ comment \"enter:[a-z-]+\"")) {
                // Entering a stage decides nothing: no counter, so that every packet does not pay for one per stage.
                assertThat(line).doesNotContain("counter");
            } else {
                assertThat(" " + line).as("every deciding rule has a counter").contains(" counter ");
            }
            assertThat(line).matches(".* comment \"[^\"]+\"$");
            String comment = line.substring(line.lastIndexOf(" comment \"") + 10, line.length() - 1);
            String prefix = comment.contains(":") ? comment.substring(0, comment.indexOf(':')) : comment;
            assertThat(stageKeys.contains(prefix) || KNOWN_PREFIXES.contains(prefix)).as("comment %s names a stage", comment).isTrue();
        }
        CommandResult check = kernel.run(List.of("nft", "-c", "-f", "-"), r.nft());
        assertThat(check.exitStatus()).as("nft -c: %s", check.message()).isZero();
        if (!r.iptablesQueueRules().isEmpty()) {
            CommandResult test = kernel.run(List.of("iptables-nft-restore", "--test", "--noflush"), r.iptablesQueueRules());
            assertThat(test.exitStatus()).as("iptables-nft-restore --test: %s", test.message()).isZero();
        }
    }

    @Test
    void theRouterProcedureJumpsToTheStagesInTheOrderOfTheSpecification() {
        String nft = NftRuleset.render(TestConfigs.router().build(), OPTIONS).nft();
        List<String> order = new ArrayList<>();
        String procedure = nft.substring(nft.indexOf("chain procedure {"), nft.indexOf("}", nft.indexOf("chain procedure {")));
        List<String> skipped = new ArrayList<>();
        for (String l : procedure.lines().map(String::strip).toList()) {
            if (l.contains("jump ")) {
                order.add(l.substring(l.indexOf("jump ") + 5, l.indexOf(" comment")));
            } else if (l.endsWith(": no rules, not entered")) {
                // A stage without rules keeps its place, as a comment.
                String chain = l.substring(2, l.indexOf(':')).replace('-', '_');
                order.add(chain);
                skipped.add(chain);
                assertThat(nft).contains("chain " + chain + " {");
                String body = nft.substring(nft.indexOf("chain " + chain + " {"), nft.indexOf("}", nft.indexOf("chain " + chain + " {")));
                assertThat(body.lines().map(String::strip).filter(x -> !x.isEmpty() && !x.startsWith("#") && !x.startsWith("chain ")))
                        .as("a stage is skipped only when its chain has no rule").isEmpty();
            }
        }
        assertThat(skipped).as("the first-run router has empty stages").contains("custom_deny", "nat_allow");
        assertThat(order).containsExactly("diagnostic_allow", "preset_allow", "app_proto_deny", "emergency_deny", "ip_allowlist",
                "ip_denylist", "nat_allow", "custom_deny", "custom_allow", "preset_service_allow", "established_allow", "preset_block");
    }

    @Test
    void denyRulesComeBeforeAcceptRulesAndKeepTheirTableIndex() {
        GatewayConfig config = TestConfigs.router()
                .rule("accept", "In", "tcp", null, null, null, "80")
                .rule("deny", "In", "tcp", "192.168.1.9", null, null, "80")
                .rule(false, "deny", "In", "any", null, null, null, null)
                .build();
        String nft = NftRuleset.render(config, OPTIONS).nft();
        assertThat(nft).contains("iifname \"plnftl0\" ip saddr 192.168.1.9 meta l4proto tcp th dport 80 counter drop comment \"custom-deny:1\"")
                .contains("iifname \"plnftl0\" meta l4proto tcp th dport 80 counter goto admit comment \"custom-allow:0\"")
                .doesNotContain("custom-deny:2");
        assertThat(nft.indexOf("chain custom_deny")).isLessThan(nft.indexOf("chain custom_allow"));
    }

    @Test
    void theNativeQueueStatementIsUsedWhenTheKernelHasIt() {
        GatewayConfig config = TestConfigs.router().block(AppProtocol.HTTP).build();
        RenderedRuleset r = NftRuleset.render(config, OPTIONS.withQueue(new QueueOptions(4, false, QueueBackend.NATIVE)));
        assertThat(r.iptablesQueueRules()).isEmpty();
        assertThat(r.nft()).contains("type filter hook prerouting priority mangle;")
                .contains("meta nfproto ipv4 iifname \"plnftl0\" ip daddr != 192.168.1.1 meta l4proto tcp ct mark & 0x1 != 0x1 ct mark & 0xff00 { 0x0, 0x100 } counter queue to 0 comment \"queue:app-proto\"")
                .contains("meta nfproto ipv4 iifname \"plnftw0\" meta l4proto tcp ct mark & 0x1 != 0x1 ct mark & 0xff00 0x400 counter queue to 3 comment \"queue:app-proto\"")
                .contains("ct state new counter ct mark set numgen inc mod 4 map { 0 : 0x100, 1 : 0x200, 2 : 0x300, 3 : 0x400 } comment \"queue:balance\"")
                .doesNotContain("bypass");
        // The kernel has no queue statement here: with the statement replaced, the rest of the text must load.
        assertThat(kernel.run(List.of("nft", "-c", "-f", "-"), r.nft().replaceAll("queue to \\d", "accept")).succeeded()).isTrue();
        RenderedRuleset open = NftRuleset.render(config, OPTIONS.withQueue(new QueueOptions(1, true, QueueBackend.NATIVE)));
        assertThat(open.nft()).contains("counter queue flags bypass to 0 comment");
    }

    @Test
    void theSettledBitOfTheVerdictIsSavedIntoTheConnectionMarkAfterTheQueueAndBeforeNat() {
        // This kernel ignores connection marks in verdicts (no CONFIG_NETFILTER_NETLINK_GLUE_CT):
        // the inspector's packet mark bit must be copied by a prerouting chain between mangle and dstnat.
        for (QueueBackend backend : QueueBackend.values()) {
            RenderedRuleset r = NftRuleset.render(TestConfigs.router().block(AppProtocol.HTTP).build(),
                    OPTIONS.withQueue(new QueueOptions(1, false, backend)));
            assertThat(r.nft()).contains("chain settle {")
                    .contains("type filter hook prerouting priority -140;")
                    .contains("meta mark & 0x1 == 0x1 ct mark & 0x1 != 0x1 counter ct mark set ct mark | 0x1 comment \"queue:settled\"");
            assertThat(NftRuleset.SETTLE_PRIORITY).isGreaterThan(-150).isLessThan(-100);
            assertThat(NftRuleset.PROCEDURE_PRIORITY).isGreaterThan(-200).isLessThan(-150);
        }
        assertThat(NftRuleset.render(TestConfigs.router().build(), OPTIONS).nft()).doesNotContain("chain settle");
    }

    @Test
    void theQueueRulesSitInPreroutingWherePacketsAreAsReceived() {
        String rules = NftRuleset.render(TestConfigs.router().block(AppProtocol.HTTP).build(), OPTIONS).iptablesQueueRules();
        assertThat(rules).contains("-A PALISADE_QUEUE -i plnftl0 ! -d 192.168.1.1 -p tcp -m connmark ! --mark 0x1/0x1")
                .contains("-A PALISADE_QUEUE -i plnftw0 -p tcp -m connmark ! --mark 0x1/0x1")
                .doesNotContain(" -o ");
        String balanced = NftRuleset.render(TestConfigs.router().block(AppProtocol.HTTP).build(),
                OPTIONS.withQueue(new QueueOptions(2, true, QueueBackend.IPTABLES))).iptablesQueueRules();
        // Several queues: both directions of a (translated) connection go to the queue its connection mark names.
        assertThat(balanced).contains("-A PALISADE_QUEUE -i plnftw0 -p tcp -m connmark ! --mark 0x1/0x1 -m connmark --mark 0x0/0xff00 "
                        + "-m comment --comment queue:app-proto -j NFQUEUE --queue-num 0 --queue-bypass")
                .contains("-m connmark --mark 0x100/0xff00 -m comment --comment queue:app-proto -j NFQUEUE --queue-num 0 --queue-bypass")
                .contains("-m connmark --mark 0x200/0xff00 -m comment --comment queue:app-proto -j NFQUEUE --queue-num 1 --queue-bypass")
                .doesNotContain("queue-balance");
        assertThat(kernel.run(List.of("iptables-nft-restore", "--test", "--noflush"), balanced).succeeded()).isTrue();
    }

    @Test
    void theQueueProbePredictsWhetherTheNativeQueueRulesetLoads() {
        // Whatever this kernel has, the probe's answer must agree with the kernel's verdict on a
        // real ruleset using the native statement (this kernel lacks CONFIG_NFT_QUEUE: IPTABLES).
        QueueBackend detected = KernelRuleset.detectQueueBackend(kernel);
        RenderedRuleset nativeQueue = NftRuleset.render(TestConfigs.router().block(AppProtocol.FTP).build(),
                OPTIONS.withQueue(new QueueOptions(2, false, QueueBackend.NATIVE)));
        boolean loads = kernel.run(List.of("nft", "-c", "-f", "-"), nativeQueue.nft()).succeeded();
        assertThat(detected).isEqualTo(loads ? QueueBackend.NATIVE : QueueBackend.IPTABLES);
    }

    @Test
    void theIpsStoppedStageBlocksTransitOnlyWhileTheIpsIsInstalledButNotRunning() {
        String stopped = NftRuleset.render(TestConfigs.router().application(Policy.NETWORK_PROTECTOR_PACKAGE, false).build(), OPTIONS).nft();
        assertThat(stopped).contains("counter drop comment \"ips-stopped\"");
        GatewayConfig running = TestConfigs.router().application(Policy.NETWORK_PROTECTOR_PACKAGE, true).build();
        assertThat(NftRuleset.render(running, OPTIONS).nft()).doesNotContain("ips-stopped");
        assertThat(NftRuleset.render(running, OPTIONS.withSettings(new PolicySettings(0, 514, false))).nft()).contains("ips-stopped");
        assertThat(NftRuleset.render(TestConfigs.router().build(), OPTIONS).nft()).doesNotContain("ips-stopped");
    }

    @Test
    void interfaceNamesThatCouldBreakTheTextAreRefused() {
        assertThatThrownBy(() -> RulesetOptions.of("lan\" accept", "wan0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LAN interface name");
        assertThatThrownBy(() -> RulesetOptions.of("eth0", "averyveryverylongname")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RulesetOptions.of("eth0", "eth0")).hasMessageContaining("must differ");
        assertThatThrownBy(() -> new QueueOptions(0, false, QueueBackend.IPTABLES)).isInstanceOf(IllegalArgumentException.class);
    }
}
