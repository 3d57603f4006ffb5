package dev.palisade.nat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.conntrack.ConnectionTable;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Source-port choice for masquerading: keep the port when free, else one of the same class. */
class PortAllocatorTest {

    private static final int WAN = 0xc6336402;      // 198.51.100.2
    private static final int REMOTE = 0xcb007105;   // 203.0.113.5
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;

    private final ConnectionTable table = new ConnectionTable(1 << 16, 3);
    private int lanHost = 0xc0a80100;

    /** Tracks a masqueraded flow from a new LAN host through {@code port}, as the engine does. */
    private void track(int proto, int lanPort, int remotePort, int port, long expires) {
        int lan = ++lanHost;
        int replySourcePort = proto == ICMP ? port : remotePort;
        int id = table.create(proto, lan, REMOTE, lanPort, remotePort, REMOTE, WAN, replySourcePort, port, expires,
                ConnectionTable.FLAG_SNAT, 0);
        assertThat(id).isNotNegative();
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {1, 80, 511, 512, 700, 1023, 1024, 50000, 65535})
    void freePortIsKept(int preferred) {
        assertThat(PortAllocator.allocate(table, TCP, WAN, REMOTE, 443, preferred, 0)).isEqualTo(preferred);
    }

    @ParameterizedTest(name = "port {0} taken -> {1}..{2}")
    @CsvSource({"80, 1, 511", "511, 1, 511", "512, 600, 1023", "700, 600, 1023", "1023, 600, 1023",
        "1024, 1024, 65535", "50000, 1024, 65535", "65535, 1024, 65535"})
    void takenPortIsReplacedFromTheSameClass(int preferred, int low, int high) {
        track(UDP, preferred, 53, preferred, Long.MAX_VALUE);
        int port = PortAllocator.allocate(table, UDP, WAN, REMOTE, 53, preferred, 0);
        assertThat(port).isBetween(low, high).isNotEqualTo(preferred);
        // The chosen reply tuple is really free.
        assertThat(table.isFree(UDP, REMOTE, WAN, 53, port, 0)).isTrue();
    }

    @Test
    void collisionIsPerRemoteEndpointAndProtocol() {
        track(TCP, 40000, 443, 40000, Long.MAX_VALUE);
        // Another remote port, or another protocol, does not collide with the tracked flow.
        assertThat(PortAllocator.allocate(table, TCP, WAN, REMOTE, 80, 40000, 0)).isEqualTo(40000);
        assertThat(PortAllocator.allocate(table, UDP, WAN, REMOTE, 443, 40000, 0)).isEqualTo(40000);
        assertThat(PortAllocator.allocate(table, TCP, WAN, REMOTE, 443, 40000, 0)).isNotEqualTo(40000);
    }

    @Test
    void icmpIdentifierStandsForBothPorts() {
        // The reply tuple of an echo is REMOTE -> WAN with the identifier as both ports.
        track(ICMP, 0x1234, 0x1234, 0x1234, Long.MAX_VALUE);
        int id = PortAllocator.allocate(table, ICMP, WAN, REMOTE, 0x1234, 0x1234, 0);
        assertThat(id).isNotEqualTo(0x1234).isBetween(1024, 65535);
        assertThat(table.isFree(ICMP, REMOTE, WAN, id, id, 0)).isTrue();
        assertThat(PortAllocator.allocate(table, ICMP, WAN, REMOTE, 0x4321, 0x4321, 0)).isEqualTo(0x4321);
    }

    @Test
    void expiredFlowsFreeTheirPorts() {
        track(UDP, 5000, 53, 5000, 1_000);
        assertThat(PortAllocator.allocate(table, UDP, WAN, REMOTE, 53, 5000, 999)).isNotEqualTo(5000);
        assertThat(PortAllocator.allocate(table, UDP, WAN, REMOTE, 53, 5000, 1_000)).isEqualTo(5000);
    }

    @Test
    void exhaustedClassYieldsMinusOne() {
        // Every port of the class below 512 in use towards REMOTE:123 (NTP clients on port 123).
        for (int port = 1; port <= 511; port++) {
            track(UDP, 123, 123, port, Long.MAX_VALUE);
        }
        assertThat(PortAllocator.allocate(table, UDP, WAN, REMOTE, 123, 123, 0)).isEqualTo(-1);
        // Other classes are not borrowed from.
        assertThat(PortAllocator.allocate(table, UDP, WAN, REMOTE, 123, 2000, 0)).isEqualTo(2000);
    }

    /**
     * Many LAN devices that use one fixed source port towards one server (BACnet/IP uses 47808
     * on both ends, as do many industrial clients) must all be translated while the class has
     * free ports: a fixed probe start would make every allocation walk one ever-longer run and
     * fail after {@link PortAllocator#MAX_PROBES} flows.
     */
    @Test
    void manyDevicesWithTheSameFixedPortAllGetOne() {
        Set<Integer> ports = new HashSet<>();
        for (int device = 0; device < 5_000; device++) {
            int port = PortAllocator.allocate(table, UDP, WAN, REMOTE, 47808, 47808, 0);
            assertThat(port).as("device %d", device).isBetween(1024, 65535);
            assertThat(ports.add(port)).isTrue();
            track(UDP, 47808, 47808, port, Long.MAX_VALUE);
        }
        assertThat(ports).contains(47808);
    }

    @Test
    void sameInputsGiveTheSamePort() {
        // Replaying a capture must give the same translations: no hidden randomness.
        ConnectionTable other = new ConnectionTable(1 << 16, 99);
        for (int i = 0; i < 50; i++) {
            int a = PortAllocator.allocate(table, TCP, WAN, REMOTE, 443, 40000, 0);
            int b = PortAllocator.allocate(other, TCP, WAN, REMOTE, 443, 40000, 0);
            assertThat(a).isEqualTo(b);
            int lan = 0x0a000000 + i;
            table.create(TCP, lan, REMOTE, 40000, 443, REMOTE, WAN, 443, a, Long.MAX_VALUE, 0, 0);
            other.create(TCP, lan, REMOTE, 40000, 443, REMOTE, WAN, 443, b, Long.MAX_VALUE, 0, 0);
        }
    }
}
