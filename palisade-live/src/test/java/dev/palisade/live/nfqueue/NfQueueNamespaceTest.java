package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.live.netlink.NetlinkException;
import dev.palisade.live.netlink.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue against the real kernel: traffic between namespaces the test creates, queued in the
 * gateway namespace by an iptables-nft NFQUEUE rule, consumed by queue threads that entered the
 * gateway namespace with setns(2). Needs root (CI runs as root).
 */
class NfQueueNamespaceTest {

    private NamespaceLab lab;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(NamespaceLab.isRoot(), "needs root to create network namespaces");
        lab = NamespaceLab.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lab != null) {
            lab.close();
        }
        assertThat(failures).as("queue thread failures").isEmpty();
    }

    private QueueGroup start(QueueConfig config, PacketInspector inspector) throws NetlinkException {
        return QueueGroup.start(List.of(config), q -> inspector, lab.gatewayNamespace(), failures::add);
    }

    private static QueueCounters total(QueueGroup group) {
        return group.counters().stream().reduce(QueueCounters::plus).orElseThrow();
    }

    @Test
    void acceptEverythingPassesPingAndTcp() throws Exception {
        lab.forwardRule("-j", "NFQUEUE", "--queue-num", "0");
        int port = lab.startTcpServer();
        try (QueueGroup group = start(QueueConfig.defaults(0), p -> PacketVerdict.ACCEPT)) {
            assertThat(lab.ping(3)).isTrue();
            assertThat(lab.tcpClient(port, 'e', 20, 30)).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(2)).until(() -> total(group).packets() >= 6 + 40);
            QueueCounters c = total(group);
            assertThat(c.dropped()).isZero();
            assertThat(c.malformed()).isZero();
            QueueStatus status = QueueStatus.of(group.status(), 0);
            assertThat(status).as("the kernel lists the bound queue").isNotNull();
            assertThat(status.copyMode()).isEqualTo(2);
            assertThat(status.lastId()).isGreaterThanOrEqualTo(c.packets());
            assertThat(status.queueDropped() + status.userDropped()).isZero();
        }
    }

    @Test
    void dropVerdictsBlockTraffic() throws Exception {
        lab.forwardRule("-p", "icmp", "-j", "NFQUEUE", "--queue-num", "0");
        try (QueueGroup group = start(QueueConfig.defaults(0), p -> PacketVerdict.DROP)) {
            assertThat(lab.ping(2)).isFalse();
            await().atMost(Duration.ofSeconds(2)).until(() -> total(group).dropped() >= 2);
        }
        // and with the queue consumer accepting again, the same path works
        try (QueueGroup group = start(QueueConfig.defaults(0), p -> PacketVerdict.ACCEPT)) {
            assertThat(group.isServing()).isTrue();
            assertThat(lab.ping(2)).isTrue();
        }
    }

    @Test
    void withoutAListenerQueuedTrafficIsDroppedFailClosed() throws Exception {
        lab.forwardRule("-p", "icmp", "-j", "NFQUEUE", "--queue-num", "3");
        assertThat(lab.ping(2)).as("nobody bound queue 3").isFalse();
        try (QueueGroup group = start(QueueConfig.defaults(3), p -> PacketVerdict.ACCEPT)) {
            assertThat(group.isServing()).isTrue();
            assertThat(lab.ping(2)).isTrue();
        }
        assertThat(lab.ping(2)).as("the consumer went away: closed again").isFalse();
    }

    @Test
    void theSettledConnectionMarkStopsQueueingTheFlow() throws Exception {
        // the ruleset's convention: connections with ct mark bit 0x1 are not queued; a later chain of
        // the same hook saves the settled bit of the packet mark into the connection mark (this
        // kernel lacks CONFIG_NETFILTER_NETLINK_GLUE_CT, so verdicts cannot change it directly)
        lab.forwardRule("-p", "tcp", "-m", "connmark", "!", "--mark", "0x1/0x1", "-j", "NFQUEUE", "--queue-num", "0");
        NamespaceLab.run("ip", "netns", "exec", NamespaceLab.GATEWAY, "iptables-nft", "-t", "filter", "-A", "FORWARD",
                "-m", "mark", "--mark", "0x1/0x1", "-j", "CONNMARK", "--or-mark", "0x1");
        int port = lab.startTcpServer();
        try (QueueGroup group = start(QueueConfig.defaults(0), p -> PacketVerdict.ACCEPT)) {
            assertThat(lab.tcpClient(port, 'e', 30, 30)).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(2)).until(() -> total(group).packets() >= 60);
        }
        AtomicInteger seen = new AtomicInteger();
        try (QueueGroup group = start(QueueConfig.defaults(0), p -> {
            seen.incrementAndGet();
            return PacketVerdict.ACCEPT_SETTLED;
        })) {
            long before = QueueStatus.of(group.status(), 0).lastId();
            assertThat(lab.tcpClient(port, 'e', 30, 30)).isEqualTo("ok");
            long after = QueueStatus.of(group.status(), 0).lastId();
            // the SYN is queued and marked; everything after it (SYN-ACK, 60 data segments, ACKs, FINs) is not
            assertThat(after - before).as("packets queued for a 30-round-trip connection").isBetween(1L, 2L);
            assertThat(lab.tcpClient(port, 'e', 5, 30)).isEqualTo("ok");
            long last = QueueStatus.of(group.status(), 0).lastId();
            assertThat(last - after).as("a new connection is queued until it is marked").isBetween(1L, 2L);
            await().atMost(Duration.ofSeconds(2)).until(() -> total(group).settled() >= 2);
            assertThat(seen.get()).isBetween(2, 4);
        }
    }

    @Test
    void batchedVerdictsDeliverEveryPacketWithFewerMessages(@TempDir Path tmp) throws Exception {
        lab.forwardRule("-p", "udp", "-j", "NFQUEUE", "--queue-num", "0");
        Path count = tmp.resolve("count");
        int port = lab.startUdpCounter(count);
        AtomicInteger first = new AtomicInteger();
        PacketInspector slowStart = p -> {
            // the first packet takes a while, so that the rest piles up in the socket and is
            // answered in batches whatever the speed of the machine
            if (first.getAndIncrement() == 0) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return PacketVerdict.ACCEPT;
        };
        try (QueueGroup group = start(QueueConfig.defaults(0).withBatchSize(64), slowStart)) {
            lab.udpBurst(port, 3000, 64);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(count) && Files.readString(count).equals("3000"));
            await().atMost(Duration.ofSeconds(2)).until(() -> total(group).packets() == 3000);
            QueueCounters c = total(group);
            assertThat(c.accepted()).isEqualTo(3000);
            assertThat(c.verdictMessages()).as("batch verdicts answer several packets at once").isLessThan(3000 / 2);
        }
    }

    @Test
    void gsoPacketsArriveWholeAndPassUnchanged() throws Exception {
        lab.forwardRule("-p", "tcp", "-j", "NFQUEUE", "--queue-num", "0");
        int port = lab.startTcpServer();
        AtomicInteger largest = new AtomicInteger();
        AtomicInteger gso = new AtomicInteger();
        PacketInspector measure = p -> {
            largest.accumulateAndGet(p.originalLength(), Math::max);
            if (p.isGso()) {
                gso.incrementAndGet();
            }
            return PacketVerdict.ACCEPT;
        };
        int bytes = 32 << 20;
        try (QueueGroup group = start(QueueConfig.defaults(0).withGso(true), measure)) {
            assertThat(group.isServing()).isTrue();
            assertThat(lab.tcpClient(port, 'c', bytes, 60)).isEqualTo(Integer.toString(bytes));
        }
        assertThat(largest.get()).as("GSO: segments larger than the 1500-byte MTU").isGreaterThan(1500);
        assertThat(gso.get()).isPositive();
        largest.set(0);
        try (QueueGroup group = start(QueueConfig.defaults(0).withGso(false), measure)) {
            assertThat(group.isServing()).isTrue();
            assertThat(lab.tcpClient(port, 'c', 4 << 20, 60)).isEqualTo(Integer.toString(4 << 20));
        }
        assertThat(largest.get()).as("without the flag the kernel segments first").isLessThanOrEqualTo(1500);
    }

    @Test
    void packetsLargerThanTheCopyRangeArriveCutAndPassWhole() throws Exception {
        lab.forwardRule("-p", "tcp", "-j", "NFQUEUE", "--queue-num", "0");
        int port = lab.startTcpServer();
        AtomicInteger cut = new AtomicInteger();
        AtomicInteger longestCopy = new AtomicInteger();
        try (QueueGroup group = start(QueueConfig.defaults(0).withCopyRange(128), p -> {
            if (p.isTruncated()) {
                cut.incrementAndGet();
            }
            longestCopy.accumulateAndGet(p.payloadLength(), Math::max);
            return PacketVerdict.ACCEPT;
        })) {
            assertThat(group.isServing()).isTrue();
            assertThat(lab.tcpClient(port, 'c', 1 << 20, 60)).isEqualTo(Integer.toString(1 << 20));
        }
        assertThat(cut.get()).isPositive();
        assertThat(longestCopy.get()).isLessThanOrEqualTo(128);
    }

    @Test
    void aSecondConsumerOfABoundQueueIsRefusedWithAClearError() throws Exception {
        try (QueueGroup group = start(QueueConfig.defaults(5), p -> PacketVerdict.ACCEPT)) {
            assertThatThrownBy(() -> start(QueueConfig.defaults(5), p -> PacketVerdict.ACCEPT))
                    .isInstanceOf(NetlinkException.class).hasMessageContaining("bind queue 5");
            assertThat(group.isServing()).isTrue();
        }
    }

    @Test
    void severalQueuesOneThreadEach() throws Exception {
        // --queue-balance hashes IPv4 addresses only: one client/server pair would always meet one
        // queue, so the test sends each protocol to its own queue instead
        lab.forwardRule("-p", "udp", "-j", "NFQUEUE", "--queue-num", "0");
        lab.forwardRule("-p", "icmp", "-j", "NFQUEUE", "--queue-num", "1");
        int port = lab.startUdpCounter(Files.createTempFile("plqn", ".count"));
        List<String> threads = new CopyOnWriteArrayList<>();
        try (QueueGroup group = QueueGroup.start(List.of(QueueConfig.defaults(0), QueueConfig.defaults(1)), q -> p -> {
            String name = Thread.currentThread().getName();
            if (!threads.contains(name)) {
                threads.add(name);
            }
            return PacketVerdict.ACCEPT;
        }, lab.gatewayNamespace(), failures::add)) {
            lab.udpBurst(port, 20, 32);
            assertThat(lab.ping(2)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> total(group).packets() == 24);
            assertThat(group.counters()).allSatisfy(c -> assertThat(c.packets()).isPositive());
            assertThat(threads).containsExactlyInAnyOrder("nfqueue-0", "nfqueue-1");
        }
    }

    @Test
    void theQueueThreadLivesInTheGatewayNamespaceAndTheTestThreadDoesNot() throws Exception {
        CompletableFuture<String> inside = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                NetworkNamespace.enter(lab.gatewayNamespace());
                inside.complete(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            } catch (Exception e) {
                inside.completeExceptionally(e);
            }
        });
        t.join();
        String gateway = NamespaceLab.output("ip", "netns", "exec", NamespaceLab.GATEWAY, "readlink", "/proc/self/ns/net").trim();
        assertThat(inside.get(5, TimeUnit.SECONDS)).isEqualTo(gateway);
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isNotEqualTo(gateway);
    }
}
