package dev.palisade.live.nft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.policy.PolicySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each configuration document under {@code src/test/resources/nft/NAME.json},
 * rendered with the options of its case, must give exactly {@code NAME.nft} (and
 * {@code NAME.iptables} when flows are queued through iptables-nft), and every golden file must
 * be accepted by the kernel ({@code nft -c}, {@code iptables-nft-restore --test}) in a namespace
 * the test creates. After an intended change of the renderer, regenerate with
 * {@code mvn -pl palisade-live test -Dtest=NftRulesetGoldenTest -Dpalisade.golden.update=true}
 * and review the diff. A missing nft or iptables-nft fails the test (CI installs both).
 */
class NftRulesetGoldenTest {

    static final String LAN = "plnftl0";
    static final String WAN = "plnftw0";
    private static final Path DIR = Path.of("src/test/resources/nft");
    private static final boolean UPDATE = Boolean.getBoolean("palisade.golden.update");
    private static final TestNamespaces NAMESPACES = new TestNamespaces();
    private static HostCommands kernel;

    static Stream<Arguments> cases() {
        RulesetOptions base = RulesetOptions.of(LAN, WAN);
        return Stream.of(
                Arguments.of("router-default", base),
                Arguments.of("router-full", base.withSettings(new PolicySettings(8443, 1514, true))),
                Arguments.of("router-app-proto", base.withEmergency(true).withQueue(new QueueOptions(4, false, QueueBackend.IPTABLES))),
                Arguments.of("router-ips", base.withQueue(new QueueOptions(2, true, QueueBackend.IPTABLES))),
                Arguments.of("router-ips-stopped", base),
                Arguments.of("diode", base.withEmergency(true)),
                Arguments.of("diode-dhcp", base));
    }

    @BeforeAll
    static void namespace() {
        TestNamespaces.removeLeftovers();
        kernel = HostCommands.inNetworkNamespace(NAMESPACES.create("gold"));
    }

    @AfterAll
    static void cleanUp() {
        NAMESPACES.close();
    }

    static GatewayConfig config(String name) throws IOException, ConfigException {
        return ConfigDocument.parse(Files.readString(DIR.resolve(name + ".json"), StandardCharsets.UTF_8)).config();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void renderingMatchesTheGoldenFiles(String name, RulesetOptions options) throws IOException, ConfigException {
        RenderedRuleset r = NftRuleset.render(config(name), options);
        Path nft = DIR.resolve(name + ".nft");
        Path iptables = DIR.resolve(name + ".iptables");
        if (UPDATE) {
            Files.writeString(nft, r.nft(), StandardCharsets.UTF_8);
            if (r.iptablesQueueRules().isEmpty()) {
                Files.deleteIfExists(iptables);
            } else {
                Files.writeString(iptables, r.iptablesQueueRules(), StandardCharsets.UTF_8);
            }
        }
        assertThat(r.nft()).as("%s differs from the golden file (see the class comment to regenerate)", nft)
                .isEqualTo(Files.readString(nft, StandardCharsets.UTF_8));
        if (r.iptablesQueueRules().isEmpty()) {
            assertThat(iptables).as("no queue rules expected for %s", name).doesNotExist();
        } else {
            assertThat(r.iptablesQueueRules()).isEqualTo(Files.readString(iptables, StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyGoldenFileIsAcceptedByTheKernel(String name, RulesetOptions options) throws IOException {
        String nft = Files.readString(DIR.resolve(name + ".nft"), StandardCharsets.UTF_8);
        CommandResult check = kernel.run(List.of("nft", "-c", "-f", "-"), nft);
        assertThat(check.exitStatus()).as("nft -c of %s.nft: %s", name, check.message()).isZero();
        Path iptables = DIR.resolve(name + ".iptables");
        if (Files.exists(iptables)) {
            CommandResult test = kernel.run(List.of("iptables-nft-restore", "--test", "--noflush"),
                    Files.readString(iptables, StandardCharsets.UTF_8));
            assertThat(test.exitStatus()).as("iptables-nft-restore --test of %s.iptables: %s", name, test.message()).isZero();
        }
    }
}
