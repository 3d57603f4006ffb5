package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.live.netlink.NetlinkException;
import dev.palisade.live.netlink.RawIpSocket;
import dev.palisade.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The traffic engine deciding live traffic through the queue: the client (LAN) and the server
 * (WAN) talk through the gateway namespace, where every connection not yet settled is queued to a
 * {@link QueueInspector}. The engine's configuration is the dataplane's test router (LAN
 * 192.168.1.0/24, WAN 198.51.100.0/24), without masquerading (the kernel would do it), LAN to WAN
 * allowed, one server port denied, HTTP blocked.
 */
class QueueInspectorNamespaceTest {

    private NamespaceLab lab;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<QueueInspector> inspectors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(NamespaceLab.isRoot(), "needs root to create network namespaces");
        lab = NamespaceLab.create();
        lab.forwardRule("-m", "connmark", "!", "--mark", "0x1/0x1", "-j", "NFQUEUE", "--queue-num", "0");
        NamespaceLab.run("ip", "netns", "exec", NamespaceLab.GATEWAY, "iptables-nft", "-t", "filter", "-A", "FORWARD",
                "-m", "mark", "--mark", "0x1/0x1", "-j", "CONNMARK", "--or-mark", "0x1");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lab != null) {
            lab.close();
        }
        assertThat(failures).as("queue thread failures").isEmpty();
    }

    private QueueGroup start(GatewayConfig config) throws IOException {
        IngressMap ingress = new IngressMap(lab.ifindex(NamespaceLab.LAN_IFACE), lab.ifindex(NamespaceLab.WAN_IFACE));
        return QueueGroup.start(List.of(QueueConfig.defaults(0)), q -> {
            try {
                QueueInspector inspector = new QueueInspector(config, EngineOptions.defaults().withConnectionCapacity(4096), ingress,
                        new RawIpSender(RawIpSocket.open()));
                inspectors.add(inspector);
                return inspector;
            } catch (NetlinkException e) {
                throw new UncheckedIOException(e);
            }
        }, lab.gatewayNamespace(), failures::add);
    }

    private long lastId(QueueGroup group) throws IOException {
        return QueueStatus.of(group.status(), 0).lastId();
    }

    @Test
    void theEngineDecidesLiveTrafficAndSettledFlowsLeaveTheQueue() throws Exception {
        int open = lab.startTcpServer();
        int denied = lab.startTcpServer();
        GatewayConfig config = TestConfigs.router().masquerading(false)
                .rule("deny", "In", "tcp", null, null, null, Integer.toString(denied))
                .rule("accept", "In", "any", null, null, null, null)
                .block(AppProtocol.HTTP).build();
        try (QueueGroup group = start(config)) {
            assertThat(lab.ping(2)).as("ICMP: preset-allow").isTrue();

            long before = lastId(group);
            assertThat(lab.tcpClient(open, 'e', 40, 30)).isEqualTo("ok");
            long queued = lastId(group) - before;
            // 40 round trips are > 160 packets; once detection has decided (it reads at most a few
            // KiB), the flow is settled and the rest passes without the queue
            assertThat(queued).as("packets of the TCP flow that were queued").isBetween(3L, 120L);

            assertThatThrownBy(() -> lab.tcpClient(denied, 'e', 1, 30))
                    .as("custom-deny of the denied port").isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(2)).until(() -> total(group).dropped() >= 1);
            assertThat(total(group).settled()).isPositive();
        }
    }

    @Test
    void aBlockedApplicationProtocolIsCutWithAResetTheClientSees() throws Exception {
        int port = lab.startTcpServer();
        GatewayConfig config = TestConfigs.router().masquerading(false)
                .rule("accept", "In", "any", null, null, null, null)
                .block(AppProtocol.HTTP).build();
        String client = """
                import socket, sys
                c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
                c.sendall(b'GET / HTTP/1.1\\r\\nHost: plqn\\r\\n\\r\\n')
                try:
                    d = c.recv(100)
                    print('closed' if not d else 'data')
                except ConnectionResetError:
                    print('reset')
                except socket.timeout:
                    print('timeout')
                """;
        try (QueueGroup group = start(config)) {
            String seen = lab.execOutput(NamespaceLab.CLIENT, 30, "python3", "-c", client, NamespaceLab.SERVER_ADDRESS,
                    Integer.toString(port)).trim();
            assertThat(seen).isEqualTo("reset");
            assertThat(inspectors).hasSize(1);
            assertThat(inspectors.get(0).engine().counters().appProtocolsBlocked()).containsEntry(AppProtocol.HTTP, 1L);
            assertThat(group.isServing()).isTrue();
        }
    }

    private static QueueCounters total(QueueGroup group) {
        return group.counters().stream().reduce(QueueCounters::plus).orElseThrow();
    }
}
