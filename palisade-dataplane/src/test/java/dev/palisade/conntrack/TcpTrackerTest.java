package dev.palisade.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.packet.Tcp;
import dev.palisade.testing.Frames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TCP state machine and window checks on byte-level segments between a LAN client
 * (192.168.1.10:40000, ORIGINAL) and a server (203.0.113.5:80, REPLY). Each test walks a
 * connection the way real stacks do and checks the verdict, the state and the timeout after
 * every segment; the invalid cases are what a blind attacker who knows only the addresses and
 * ports could try.
 */
class TcpTrackerTest {

    private static final String CLIENT = "192.168.1.10";
    private static final String SERVER = "203.0.113.5";
    private static final int CPORT = 40000;
    private static final int SPORT = 80;
    private static final int O = Direction.ORIGINAL;
    private static final int R = Direction.REPLY;
    private static final int WIN = 64240;

    private final Timeouts timeouts = Timeouts.defaults();
    private final TcpTracker tracker = new TcpTracker(timeouts);
    private final PacketParser parser = new PacketParser(true);
    private ConnectionTable table;
    private int id;
    private long now;

    @BeforeEach
    void setUp() {
        table = new ConnectionTable(16, 1);
        now = 1_000_000_000L;
    }

    private static Frames fromClient() {
        return Frames.tcp(CLIENT, CPORT, SERVER, SPORT).rawIp().window(WIN);
    }

    private static Frames fromServer() {
        return Frames.tcp(SERVER, SPORT, CLIENT, CPORT).rawIp().window(WIN);
    }

    private PacketView view(Frames f) {
        PacketView v = new PacketView();
        byte[] frame = f.build();
        assertThat(parser.parse(frame, 0, frame.length, LinkLayer.RAW_IP, v)).isEqualTo(Malformation.NONE);
        return v;
    }

    /** Creates the connection for the client's SYN, as the engine does when it accepts one. */
    private void open(Frames syn) {
        id = table.create(6, Frames.ip(CLIENT), Frames.ip(SERVER), CPORT, SPORT, Frames.ip(SERVER), Frames.ip(CLIENT), SPORT, CPORT,
                now + timeouts.tcp(TcpState.SYN_SENT), 0, 0);
        tracker.start(table, id, view(syn), now);
    }

    private int send(int direction, Frames f) {
        now += 1_000_000L;
        return tracker.track(table, id, direction, view(f), now);
    }

    /** Sends a segment that must be valid, and checks the state it leads to and its timeout. */
    private void valid(int direction, Frames f, int expectedState) {
        assertThat(send(direction, f)).as("verdict").isEqualTo(TcpTracker.VALID);
        assertThat(TcpState.name(table.state(id))).isEqualTo(TcpState.name(expectedState));
        assertThat(table.expires(id)).isEqualTo(now + timeouts.tcp(expectedState));
    }

    private void invalid(int direction, Frames f) {
        int before = table.state(id);
        long expires = table.expires(id);
        assertThat(send(direction, f)).as("verdict").isEqualTo(TcpTracker.INVALID);
        assertThat(table.state(id)).as("state unchanged").isEqualTo(before);
        assertThat(table.expires(id)).as("timeout not refreshed").isEqualTo(expires);
    }

    /** Client ISN c, server ISN s: after this both ends are at c+1 / s+1, ESTABLISHED. */
    private void handshake(int c, int s) {
        open(fromClient().syn().seq(c));
        assertThat(table.state(id)).isEqualTo(TcpState.SYN_SENT);
        valid(R, fromServer().synAck(c + 1).seq(s), TcpState.SYN_RECV);
        assertThat(table.hasFlag(id, ConnectionTable.FLAG_SEEN_REPLY)).isTrue();
        valid(O, fromClient().flags(Tcp.ACK).seq(c + 1).ack(s + 1), TcpState.ESTABLISHED);
    }

    @Test
    void threeWayHandshakeReachesEstablished() {
        handshake(1000, 5000);
        assertThat(table.hasFlag(id, ConnectionTable.FLAG_WINDOW_SCALING)).isFalse();
    }

    @Test
    void dataFlowsBothWays() {
        handshake(1000, 5000);
        valid(O, fromClient().flags(Tcp.ACK | Tcp.PSH).seq(1001).ack(5001).payload(100), TcpState.ESTABLISHED);
        valid(R, fromServer().flags(Tcp.ACK).seq(5001).ack(1101), TcpState.ESTABLISHED);
        valid(R, fromServer().flags(Tcp.ACK | Tcp.PSH).seq(5001).ack(1101).payload(1400), TcpState.ESTABLISHED);
        valid(O, fromClient().flags(Tcp.ACK).seq(1101).ack(6401), TcpState.ESTABLISHED);
    }

    @Test
    void finTeardownWalksEveryClosingState() {
        handshake(1000, 5000);
        // Client closes: FIN occupies one sequence number.
        valid(O, fromClient().flags(Tcp.FIN | Tcp.ACK).seq(1001).ack(5001), TcpState.FIN_WAIT);
        valid(R, fromServer().flags(Tcp.ACK).seq(5001).ack(1002), TcpState.CLOSE_WAIT);
        // The server may still send data while half-closed.
        valid(R, fromServer().flags(Tcp.ACK | Tcp.PSH).seq(5001).ack(1002).payload(10), TcpState.CLOSE_WAIT);
        valid(R, fromServer().flags(Tcp.FIN | Tcp.ACK).seq(5011).ack(1002), TcpState.LAST_ACK);
        valid(O, fromClient().flags(Tcp.ACK).seq(1002).ack(5012), TcpState.TIME_WAIT);
    }

    @Test
    void resetInsideTheWindowCloses() {
        handshake(1000, 5000);
        valid(R, fromServer().flags(Tcp.RST).seq(5001 + 30_000), TcpState.CLOSE);
    }

    @ParameterizedTest(name = "server RST at offset {0}")
    @ValueSource(ints = {WIN + 1, 1 << 20, Integer.MIN_VALUE, -70_000})
    void resetOutsideTheWindowIsInvalid(int offset) {
        handshake(1000, 5000);
        // A blind attacker guessing the sequence number: anything outside the window is refused.
        invalid(R, fromServer().flags(Tcp.RST).seq(5001 + offset));
        invalid(R, fromServer().flags(Tcp.RST | Tcp.ACK).seq(5001 + offset).ack(1001));
    }

    @ParameterizedTest(name = "SYN-ACK acknowledging ISN {0}")
    @ValueSource(ints = {-1, 0, 1, 1000})
    void synAckWithAWrongAcknowledgmentIsInvalid(int delta) {
        int c = 1000;
        open(fromClient().syn().seq(c));
        // Only c + 1 acknowledges the SYN; delta 0 would be right, so shift it away from there.
        int ack = c + 1 + (delta == 0 ? 2 : delta);
        invalid(R, fromServer().synAck(ack).seq(7777));
        // The real SYN-ACK still gets through afterwards: the guess taught the tracker nothing.
        valid(R, fromServer().synAck(c + 1).seq(5000), TcpState.SYN_RECV);
    }

    @Test
    void ackBeforeTheSynAckIsInvalid() {
        open(fromClient().syn().seq(1000));
        invalid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5001));
    }

    @Test
    void retransmittedSynKeepsSynSent() {
        open(fromClient().syn().seq(1000));
        valid(O, fromClient().syn().seq(1000), TcpState.SYN_SENT);
        valid(O, fromClient().syn().seq(1000), TcpState.SYN_SENT);
        valid(R, fromServer().synAck(1001).seq(5000), TcpState.SYN_RECV);
        // A retransmitted SYN-ACK (the client's ACK was lost) is accepted without a state change.
        valid(R, fromServer().synAck(1001).seq(5000), TcpState.SYN_RECV);
        valid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5001), TcpState.ESTABLISHED);
    }

    @Test
    void simultaneousOpen() {
        open(fromClient().syn().seq(1000));
        // Both ends send a SYN; each then answers the other's SYN with a SYN-ACK.
        valid(R, fromServer().syn().seq(5000), TcpState.SYN_SENT2);
        valid(O, fromClient().synAck(5001).seq(1000), TcpState.SYN_RECV);
        valid(R, fromServer().synAck(1001).seq(5000), TcpState.SYN_RECV);
        valid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5001), TcpState.ESTABLISHED);
        valid(R, fromServer().flags(Tcp.ACK | Tcp.PSH).seq(5001).ack(1001).payload(20), TcpState.ESTABLISHED);
    }

    private static final byte[] WSCALE_7 = {Tcp.OPTION_NOP, Tcp.OPTION_WINDOW_SCALE, 3, 7};

    @Test
    void windowScalingWhenBothSidesOfferIt() {
        open(fromClient().syn().seq(1000).tcpOptions(WSCALE_7));
        valid(R, fromServer().synAck(1001).seq(5000).window(1000).tcpOptions(WSCALE_7), TcpState.SYN_RECV);
        assertThat(table.hasFlag(id, ConnectionTable.FLAG_WINDOW_SCALING)).isTrue();
        valid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5001).window(1000), TcpState.ESTABLISHED);
        // The server's window 1000 now means 1000 << 7 = 128,000 bytes.
        valid(R, fromServer().flags(Tcp.ACK).seq(5001).ack(1001).window(1000), TcpState.ESTABLISHED);
        valid(O, fromClient().flags(Tcp.ACK).seq(1001 + 100_000).ack(5001).payload(10), TcpState.ESTABLISHED);
        invalid(O, fromClient().flags(Tcp.ACK).seq(1001 + 128_001).ack(5001).payload(10));
    }

    @Test
    void windowScalingOfferedByOneSideOnlyIsNotApplied() {
        open(fromClient().syn().seq(1000).tcpOptions(WSCALE_7));
        // The server does not echo the option: RFC 7323 says neither side scales.
        valid(R, fromServer().synAck(1001).seq(5000).window(1000), TcpState.SYN_RECV);
        assertThat(table.hasFlag(id, ConnectionTable.FLAG_WINDOW_SCALING)).isFalse();
        valid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5001).window(1000), TcpState.ESTABLISHED);
        valid(R, fromServer().flags(Tcp.ACK).seq(5001).ack(1001).window(1000), TcpState.ESTABLISHED);
        valid(O, fromClient().flags(Tcp.ACK).seq(1001 + 1000).ack(5001).payload(10), TcpState.ESTABLISHED);
        invalid(O, fromClient().flags(Tcp.ACK).seq(1001 + 100_000).ack(5001).payload(10));
    }

    @ParameterizedTest(name = "client ISN {0}")
    @ValueSource(ints = {-1, -2, -100, -1500, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void sequenceNumbersWrapAround(int c) {
        // ISNs just below 2^32 (and at the signed boundary): data crosses the wrap.
        int s = -700;
        handshake(c, s);
        valid(O, fromClient().flags(Tcp.ACK | Tcp.PSH).seq(c + 1).ack(s + 1).payload(1400), TcpState.ESTABLISHED);
        valid(R, fromServer().flags(Tcp.ACK | Tcp.PSH).seq(s + 1).ack(c + 1401).payload(1400), TcpState.ESTABLISHED);
        valid(O, fromClient().flags(Tcp.ACK | Tcp.PSH).seq(c + 1401).ack(s + 1401).payload(1400), TcpState.ESTABLISHED);
        // Serial arithmetic, not signed comparison: far ahead of the window is still refused.
        invalid(O, fromClient().flags(Tcp.ACK).seq(c + 2801 + 2 * WIN).ack(s + 1401));
        invalid(R, fromServer().flags(Tcp.ACK).seq(s + 1401).ack(c + 2801 + 10));
    }

    @Test
    void segmentsBeyondTheAdvertisedWindowAreInvalid() {
        handshake(1000, 5000);
        valid(R, fromServer().flags(Tcp.ACK).seq(5001).ack(1001).window(2000), TcpState.ESTABLISHED);
        // The right edge never moves left (a receiver may not shrink its window, RFC 9293): the
        // edge 1001 + 64240 offered earlier stands after the window of 2000. A segment starting
        // at that edge is accepted (as in Linux, only the start is checked); one beyond is not.
        valid(O, fromClient().flags(Tcp.ACK).seq(1001 + WIN).ack(5001).payload(1), TcpState.ESTABLISHED);
        invalid(O, fromClient().flags(Tcp.ACK).seq(1001 + WIN + 2).ack(5001).payload(1));
    }

    @Test
    void oldRetransmissionsWithinTheWindowAreValid() {
        handshake(1000, 5000);
        for (int k = 0; k < 10; k++) {
            valid(O, fromClient().flags(Tcp.ACK | Tcp.PSH).seq(1001 + k * 1000).ack(5001).payload(1000), TcpState.ESTABLISHED);
            valid(R, fromServer().flags(Tcp.ACK).seq(5001).ack(1001 + (k + 1) * 1000), TcpState.ESTABLISHED);
        }
        // A retransmission of the very first segment: its end is within one window of the front.
        valid(O, fromClient().flags(Tcp.ACK | Tcp.PSH).seq(1001).ack(5001).payload(1000), TcpState.ESTABLISHED);
        // Data older than a window behind what was sent: refused.
        for (int k = 10; k < 80; k++) {
            valid(O, fromClient().flags(Tcp.ACK | Tcp.PSH).seq(1001 + k * 1000).ack(5001).payload(1000), TcpState.ESTABLISHED);
            valid(R, fromServer().flags(Tcp.ACK).seq(5001).ack(1001 + (k + 1) * 1000), TcpState.ESTABLISHED);
        }
        invalid(O, fromClient().flags(Tcp.ACK | Tcp.PSH).seq(1001).ack(5001).payload(1000));
    }

    @Test
    void acknowledgingDataNeverSentIsInvalid() {
        handshake(1000, 5000);
        valid(R, fromServer().flags(Tcp.ACK | Tcp.PSH).seq(5001).ack(1001).payload(100), TcpState.ESTABLISHED);
        // The server has sent up to 5100 (next 5101): an ACK of 5101 is right, 5102 acknowledges a byte never sent.
        valid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5101), TcpState.ESTABLISHED);
        invalid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5102));
        invalid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5101 + 100_000));
        // Too far behind (more than the larger of the window and 66,000): invalid as well.
        invalid(O, fromClient().flags(Tcp.ACK).seq(1001).ack(5101 - 70_000));
    }

    @Test
    void connectionRefusedResetClosesTheConnection() {
        open(fromClient().syn().seq(1000));
        // The server's stack refuses: RST+ACK acknowledging exactly the SYN (RFC 9293 3.10.7.3).
        valid(R, fromServer().flags(Tcp.RST | Tcp.ACK).seq(0).ack(1001), TcpState.CLOSE);
    }

    @ParameterizedTest(name = "RST acknowledging {0}")
    @ValueSource(ints = {1000, 1002, 0, 99_999})
    void resetNotAcknowledgingTheSynIsInvalid(int ack) {
        open(fromClient().syn().seq(1000));
        invalid(R, fromServer().flags(Tcp.RST | Tcp.ACK).seq(0).ack(ack));
        // Without ACK a reset in SYN-SENT is never acceptable.
        invalid(R, fromServer().flags(Tcp.RST).seq(0));
        valid(R, fromServer().synAck(1001).seq(5000), TcpState.SYN_RECV);
    }

    @Test
    void timeoutsFollowTheStateOfEachStep() {
        // valid() checks expires == packet time + timeout of the new state after every segment;
        // this walk visits the states not reached by the other tests.
        handshake(1000, 5000);
        valid(R, fromServer().flags(Tcp.FIN | Tcp.ACK).seq(5001).ack(1001), TcpState.FIN_WAIT);
        valid(O, fromClient().flags(Tcp.FIN | Tcp.ACK).seq(1001).ack(5002), TcpState.LAST_ACK);
        valid(R, fromServer().flags(Tcp.ACK).seq(5002).ack(1002), TcpState.TIME_WAIT);
        assertThat(table.expires(id) - now).isEqualTo(timeouts.tcp(TcpState.TIME_WAIT));
        assertThat(timeouts.tcp(TcpState.ESTABLISHED)).isGreaterThan(timeouts.tcp(TcpState.TIME_WAIT));
    }

    @Test
    void synInTimeWaitReopens() {
        handshake(1000, 5000);
        valid(O, fromClient().flags(Tcp.FIN | Tcp.ACK).seq(1001).ack(5001), TcpState.FIN_WAIT);
        valid(R, fromServer().flags(Tcp.FIN | Tcp.ACK).seq(5001).ack(1002), TcpState.LAST_ACK);
        valid(O, fromClient().flags(Tcp.ACK).seq(1002).ack(5002), TcpState.TIME_WAIT);
        // A new connection on the same ports: the caller drops the old entry and starts afresh.
        assertThat(send(O, fromClient().syn().seq(900_000))).isEqualTo(TcpTracker.REOPEN);
        // From the server side a SYN in TIME_WAIT is not a reopening.
        assertThat(send(R, fromServer().syn().seq(900_000))).isEqualTo(TcpTracker.INVALID);
    }

    /**
     * Hostile segments in every state: random valid flag combinations, sequence and
     * acknowledgment numbers, windows and window-scale options, from both sides. Nothing may
     * throw, the state stays a known one, and a verdict other than VALID changes nothing.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void randomSegmentsNeverThrowAndInvalidOnesChangeNothing(int seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] flags = {Tcp.SYN, Tcp.SYN | Tcp.ACK, Tcp.ACK, Tcp.ACK | Tcp.PSH, Tcp.FIN | Tcp.ACK, Tcp.RST, Tcp.RST | Tcp.ACK};
        for (int conn = 0; conn < 200; conn++) {
            setUp();
            int c = r.nextInt();
            int s = r.nextInt();
            open(fromClient().syn().seq(c).tcpOptions((byte) Tcp.OPTION_WINDOW_SCALE, (byte) 3, (byte) r.nextInt(256)));
            for (int k = 0; k < 30; k++) {
                int direction = r.nextInt(2);
                boolean near = r.nextInt(3) > 0; // mostly near the real numbers, sometimes anywhere
                int seq = direction == O ? (near ? c + r.nextInt(-70_000, 70_000) : r.nextInt()) : (near ? s + r.nextInt(-70_000, 70_000) : r.nextInt());
                int ack = direction == O ? (near ? s + r.nextInt(-70_000, 70_000) : r.nextInt()) : (near ? c + r.nextInt(-70_000, 70_000) : r.nextInt());
                Frames f = (direction == O ? fromClient() : fromServer()).flags(flags[r.nextInt(flags.length)]).seq(seq).ack(ack)
                        .window(r.nextInt(65536)).payload(r.nextInt(0, 50));
                if (r.nextInt(4) == 0) {
                    f.tcpOptions((byte) Tcp.OPTION_WINDOW_SCALE, (byte) r.nextInt(5), (byte) r.nextInt(256));
                }
                int before = table.state(id);
                long expires = table.expires(id);
                int verdict = send(direction, f);
                assertThat(verdict).isIn(TcpTracker.VALID, TcpTracker.INVALID, TcpTracker.REOPEN);
                assertThat(table.state(id)).isBetween(0, TcpState.COUNT - 1);
                if (verdict != TcpTracker.VALID) {
                    assertThat(table.state(id)).isEqualTo(before);
                    assertThat(table.expires(id)).isEqualTo(expires);
                }
                if (verdict == TcpTracker.REOPEN) {
                    break;
                }
            }
        }
    }

    @Test
    void synAfterResetReopens() {
        handshake(1000, 5000);
        valid(O, fromClient().flags(Tcp.RST).seq(1001), TcpState.CLOSE);
        assertThat(send(O, fromClient().syn().seq(77))).isEqualTo(TcpTracker.REOPEN);
    }
}
