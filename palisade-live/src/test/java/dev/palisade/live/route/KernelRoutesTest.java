package dev.palisade.live.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.live.nft.HostCommands;
import dev.palisade.live.nft.TestNamespaces;
import dev.palisade.testing.TestConfigs;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Static routes applied to the kernel of a namespace the test creates, with LAN
 * (192.168.1.1/24) and WAN (198.51.100.2/24) interfaces matching {@link TestConfigs}.
 */
class KernelRoutesTest {

    private final TestNamespaces namespaces = new TestNamespaces();
    private HostCommands ns;
    private String name;
    private KernelRoutes routes;

    @BeforeEach
    void namespace() {
        name = namespaces.create("rt");
        // veth pairs with both ends in the namespace: this kernel has no dummy interfaces.
        for (String[] i : new String[][] {{"plnftrl0", "plnftrl1", "192.168.1.1/24"}, {"plnftrw0", "plnftrw1", "198.51.100.2/24"}}) {
            TestNamespaces.require("ip", "-n", name, "link", "add", i[0], "type", "veth", "peer", "name", i[1]);
            TestNamespaces.require("ip", "-n", name, "addr", "add", i[2], "dev", i[0]);
            TestNamespaces.require("ip", "-n", name, "link", "set", i[1], "up");
            TestNamespaces.require("ip", "-n", name, "link", "set", i[0], "up");
        }
        ns = HostCommands.inNetworkNamespace(name);
        routes = new KernelRoutes(ns, "plnftrl0", "plnftrw0");
    }

    @AfterEach
    void cleanUp() {
        namespaces.close();
    }

    private String kernelRoutes() {
        return ns.run(List.of("ip", "route", "show")).stdout();
    }

    @Test
    void routesBecomeActiveAndLeaveByTheInterfaceOfTheirGateway() {
        GatewayConfig config = TestConfigs.router().route("10.20.0.0/16", "192.168.1.254").route("172.16.0.0/12", "198.51.100.9").build();
        List<RouteStatus> status = routes.apply(config);
        assertThat(status).extracting(RouteStatus::state).containsExactly(RouteState.ACTIVE, RouteState.ACTIVE);
        assertThat(kernelRoutes()).contains("10.20.0.0/16 via 192.168.1.254 dev plnftrl0 proto 77")
                .contains("172.16.0.0/12 via 198.51.100.9 dev plnftrw0 proto 77");
    }

    @Test
    void anUnreachableGatewayOrATakenPrefixIsAnErrorWithItsReason() {
        TestNamespaces.require("ip", "-n", name, "route", "add", "10.30.0.0/16", "via", "192.168.1.253");
        GatewayConfig config = TestConfigs.router().route("10.40.0.0/16", "203.0.113.1").route("10.30.0.0/16", "192.168.1.254")
                .route("10.50.0.0/16", "192.168.1.254").build();
        List<RouteStatus> status = routes.apply(config);
        assertThat(status.get(0).state()).isEqualTo(RouteState.FAILED);
        assertThat(status.get(0).error()).hasValue("gateway 203.0.113.1 is not reachable on the LAN or WAN");
        assertThat(status.get(1).state()).isEqualTo(RouteState.FAILED);
        assertThat(status.get(1).error()).hasValue("the host already has a route to 10.30.0.0/16");
        assertThat(status.get(2).state()).isEqualTo(RouteState.ACTIVE);
        routes.removeAll();
        assertThat(kernelRoutes()).as("the host's own route stays").contains("10.30.0.0/16 via 192.168.1.253")
                .doesNotContain("10.50.0.0").doesNotContain("proto 77");
    }

    @Test
    void aChangeRemovesAndReplacesOnlyWhatChanged() {
        routes.apply(TestConfigs.router().route("10.20.0.0/16", "192.168.1.254").route("10.21.0.0/16", "192.168.1.254").build());
        List<RouteStatus> status = routes.apply(TestConfigs.router().route("10.20.0.0/16", "192.168.1.253").build());
        assertThat(status).extracting(RouteStatus::state).containsExactly(RouteState.ACTIVE);
        assertThat(kernelRoutes()).contains("10.20.0.0/16 via 192.168.1.253").doesNotContain("10.21.0.0").doesNotContain("192.168.1.254");
        routes.apply(TestConfigs.router().build());
        assertThat(kernelRoutes()).doesNotContain("proto 77");
    }

    @Test
    void removeAllAlsoClearsLeftoversOfAnEarlierRun() {
        TestNamespaces.require("ip", "-n", name, "route", "add", "10.60.0.0/16", "via", "192.168.1.254", "proto", "77");
        routes.removeAll();
        assertThat(kernelRoutes()).doesNotContain("10.60.0.0");
    }
}
