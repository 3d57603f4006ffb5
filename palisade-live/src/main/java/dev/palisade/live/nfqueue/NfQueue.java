package dev.palisade.live.nfqueue;

import dev.palisade.live.netlink.Errno;
import dev.palisade.live.netlink.Netlink;
import dev.palisade.live.netlink.NetlinkAttributes;
import dev.palisade.live.netlink.NetlinkException;
import dev.palisade.live.netlink.NetlinkReader;
import dev.palisade.live.netlink.NetlinkSocket;
import dev.palisade.live.netlink.NetlinkWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * One NFQUEUE queue bound to its own netlink socket, consumed by one thread.
 *
 * <pre>
 *  recv ─► NetlinkReader ─► QueuedPacket ─► PacketInspector ─► ACCEPT          ─► pending batch
 *   ▲                                                        ├► DROP            ─► verdict message ─┐
 *   │                                                        └► ACCEPT_SETTLED  ─► verdict + ct mark ┤
 *   └──────────────── drained (or batch full) ◄── flush: [verdicts..., VERDICT_BATCH(highest accepted id)] ─► send
 * </pre>
 *
 * <p>Accepted packets are answered together by one batch verdict carrying the highest accepted
 * id: the kernel accepts every packet of the queue with an id up to it. This is correct because
 * ids grow in queue order and every other packet up to that id has already received its own
 * verdict earlier in the same send (messages of one datagram are processed in order). The
 * verdicts of one drain cycle go out in a single {@code send}.
 *
 * <p>Fail-closed: a packet the inspector cannot decide (it throws), a malformed message with a
 * known id, and a packet that arrives while the queue is being bound, are dropped. Packets the
 * kernel could not deliver (receive buffer full: ENOBUFS) are dropped by the kernel itself, or
 * accepted with {@link QueueConfig#failOpen()}; see {@link QueueStatus} for the kernel's counts.
 *
 * <p>Buffers are off-heap segments allocated once: nothing is allocated per packet. Counters
 * are published for other threads every 50 ms at most ({@link #counters()}).
 */
public final class NfQueue implements AutoCloseable {

    /** Sends what the queue wrote; the socket in production, a recorder in tests. */
    interface Transmitter {
        void send(MemorySegment buffer, int length) throws NetlinkException;
    }

    /** Receives a datagram; the socket in production, a script in tests. */
    interface Receiver {
        long receive(MemorySegment buffer, boolean wait) throws NetlinkException;
    }

    private static final int RECEIVE_HEADROOM = 8192;
    private static final int TRANSMIT_BYTES = 16 * 1024;
    /** Room a verdict with marks needs (nlmsghdr 16 + nfgenmsg 4 + 12 + 8 + 4 + 8 + 8). */
    private static final int VERDICT_ROOM = 64;
    private static final long ACK_TIMEOUT_NANOS = 5_000_000_000L;
    /** Counters are copied for other threads at most this often (the copy allocates). */
    private static final long PUBLISH_INTERVAL_NANOS = 50_000_000L;

    private final QueueConfig config;
    private final NetlinkSocket socket;
    private final Transmitter transmitter;
    private final Receiver receiver;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment rx;
    private final NetlinkWriter tx;
    private final NetlinkReader reader = new NetlinkReader();
    private final NetlinkAttributes errorScratch = new NetlinkAttributes(8);
    private final QueuedPacket packet = new QueuedPacket();
    private final int settledMark;
    private int sequence = 1;
    private boolean conntrackAvailable;
    private int pendingHighestId;
    private int pending;

    private long packets;
    private long accepted;
    private long settled;
    private long dropped;
    private long malformed;
    private long inspectorErrors;
    private long verdictErrors;
    private long verdictMessages;
    private long sends;
    private volatile QueueCounters published;
    private long publishedAt;

    NfQueue(QueueConfig config, NetlinkSocket socket, Transmitter transmitter) {
        this(config, socket, transmitter, socket != null ? socket::receive : (buffer, wait) -> NetlinkSocket.NOTHING);
    }

    NfQueue(QueueConfig config, NetlinkSocket socket, Transmitter transmitter, Receiver receiver) {
        this.config = config;
        this.socket = socket;
        this.transmitter = transmitter;
        this.receiver = receiver;
        this.rx = arena.allocate(config.copyRange() + RECEIVE_HEADROOM, 8);
        this.tx = new NetlinkWriter(arena.allocate(TRANSMIT_BYTES, 8));
        this.settledMark = config.settledMark();
        publish();
    }

    /**
     * Opens a netlink socket in the calling thread's network namespace and binds queue
     * {@code config.queue()} to it. Needs CAP_NET_ADMIN. Fails when another socket holds the queue.
     */
    public static NfQueue open(QueueConfig config) throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_NETFILTER);
        NfQueue queue = null;
        try {
            socket.receiveBufferSize(config.receiveBufferBytes());
            // ENOBUFS stays on: an overrun is how the consumer learns the kernel dropped packets for it.
            socket.noEnobufs(false);
            socket.extendedAck(true);
            socket.capAck(true);
            socket.receiveTimeout(config.pollTimeout());
            queue = new NfQueue(config, socket, socket::send);
            queue.bind();
            return queue;
        } catch (NetlinkException | RuntimeException e) {
            if (queue != null) {
                queue.close();
            } else {
                socket.close();
            }
            throw e;
        }
    }

    void bind() throws NetlinkException {
        tx.reset();
        int seq = sequence++;
        QueueMessages.pfBind(tx, seq);
        transmitter.send(tx.buffer(), tx.length());
        // Reset before waiting: a packet arriving meanwhile gets a verdict through the same buffer.
        tx.reset();
        // PF_BIND is a no-op since Linux 3.8 and may be refused where nobody needs it: not fatal.
        awaitAck(seq, "PF_BIND", false);
        conntrackAvailable = config.conntrack();
        try {
            bindOnce(config);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EOPNOTSUPP || !config.conntrack()) {
                throw e;
            }
            // Kernels without CONFIG_NETFILTER_NETLINK_GLUE_CT refuse the conntrack flag (before
            // binding anything): bind without it; packets then carry no ct information.
            conntrackAvailable = false;
            bindOnce(config.withConntrack(false));
        }
    }

    private void bindOnce(QueueConfig c) throws NetlinkException {
        tx.reset();
        int seq = sequence++;
        QueueMessages.bind(tx, c, seq);
        transmitter.send(tx.buffer(), tx.length());
        tx.reset();
        awaitAck(seq, "bind queue " + c.queue(), true);
    }

    /**
     * True when the kernel accepted the conntrack flag: packets carry connection information and
     * verdicts can change the connection mark directly. False on kernels built without
     * {@code CONFIG_NETFILTER_NETLINK_GLUE_CT} (this one): the settled bit then reaches the
     * connection mark only through the packet mark and the ruleset's {@code CONNMARK} rule.
     */
    public boolean conntrackAvailable() {
        return conntrackAvailable;
    }

    /**
     * Waits for the acknowledgement of request {@code seq}. Packets that arrive meanwhile (the
     * queue is live as soon as it is bound) are dropped: nobody inspects them yet.
     */
    private void awaitAck(int seq, String what, boolean required) throws NetlinkException {
        long deadline = System.nanoTime() + ACK_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            long n = receiver.receive(rx, true);
            if (n < 0) {
                continue;
            }
            reader.wrap(rx, (int) n);
            while (reader.next()) {
                if (reader.isError()) {
                    if (reader.errorSequence() != (seq & 0xffffffffL)) {
                        continue;
                    }
                    int code = reader.errorCode();
                    if (code != 0 && required) {
                        String text = reader.errorMessage(errorScratch);
                        throw new NetlinkException(what + (text != null ? " (" + text + ")" : ""), code < 0 ? Errno.EINVAL : code);
                    }
                    return;
                }
                if (packet.read(reader) != QueuedPacket.Problem.NOT_A_PACKET && packet.hasId()) {
                    appendVerdict(packet.id(), QueueProtocol.NF_DROP);
                    dropped++;
                    flush();
                }
            }
        }
        if (required) {
            throw new NetlinkException(what + ": no acknowledgement within 5 s", 110 /* ETIMEDOUT */);
        }
    }

    public QueueConfig config() {
        return config;
    }

    /**
     * Serves the queue until {@code keepRunning} says stop: waits for a datagram, drains what is
     * already there up to a batch, answers, and repeats. Checks {@code keepRunning} at least every
     * poll timeout. Throws only when the socket fails.
     */
    public void serve(PacketInspector inspector, BooleanSupplier keepRunning) throws NetlinkException {
        while (keepRunning.getAsBoolean()) {
            if (poll(inspector, true) < 0) {
                publish();
                continue;
            }
            while (pending < config.batchSize() && poll(inspector, false) >= 0) {
                // drain what the kernel already delivered
            }
            flush();
        }
        flush();
    }

    /**
     * Receives one datagram and decides its packets; verdicts wait for {@link #flush()} (or go
     * out early when the batch or the transmit buffer is full). Returns the number of packet
     * messages seen, or -1 when there was nothing to receive.
     */
    public int poll(PacketInspector inspector, boolean wait) throws NetlinkException {
        long n = receiver.receive(rx, wait);
        if (n == NetlinkSocket.OVERRUN) {
            return 0;
        }
        if (n < 0) {
            return -1;
        }
        return dispatch(rx, (int) n, inspector);
    }

    /** Decides every packet message of one datagram; package-private so tests can feed bytes. */
    int dispatch(MemorySegment datagram, int length, PacketInspector inspector) throws NetlinkException {
        int seen = 0;
        reader.wrap(datagram, length);
        while (reader.next()) {
            if (reader.isError()) {
                if (reader.errorCode() != 0) {
                    verdictErrors++;
                }
                continue;
            }
            if (reader.type() < Netlink.NLMSG_MIN_TYPE) {
                continue;
            }
            QueuedPacket.Problem problem = packet.read(reader);
            if (problem == QueuedPacket.Problem.NOT_A_PACKET) {
                malformed++;
                continue;
            }
            seen++;
            packets++;
            if (problem != QueuedPacket.Problem.NONE || packet.payloadOffset() < 0) {
                malformed++;
                if (packet.hasId()) {
                    drop(packet.id());
                }
                continue;
            }
            PacketVerdict verdict;
            try {
                verdict = inspector.inspect(packet);
            } catch (RuntimeException e) {
                inspectorErrors++;
                verdict = PacketVerdict.DROP;
            }
            switch (verdict) {
                case ACCEPT -> acceptLater(packet.id());
                case DROP -> drop(packet.id());
                case ACCEPT_SETTLED -> settle(packet.id(), packet.mark());
            }
        }
        if (reader.malformed()) {
            malformed++;
        }
        if (pending >= config.batchSize()) {
            flush();
        }
        return seen;
    }

    /** Accepts packet {@code id} with the next batch verdict. */
    public void acceptLater(int id) throws NetlinkException {
        if (pending == 0 || id - pendingHighestId > 0) {
            pendingHighestId = id;
        }
        pending++;
        accepted++;
    }

    /** Drops packet {@code id} (sent with the next flush, before the batch verdict). */
    public void drop(int id) throws NetlinkException {
        appendVerdict(id, QueueProtocol.NF_DROP);
        dropped++;
    }

    /**
     * Accepts packet {@code id} and marks its connection settled: the "inspection finished" bit
     * is set in the connection's mark where the kernel lets a verdict change it, and in the
     * packet's mark ({@code packetMark} is the mark the packet arrived with; its other bits stay)
     * for the ruleset to save into the connection mark where it does not.
     */
    public void settle(int id, int packetMark) throws NetlinkException {
        ensureRoom();
        QueueMessages.verdictWithConnectionMark(tx, config.queue(), id, QueueProtocol.NF_ACCEPT, settledMark, settledMark,
                packetMark | settledMark, sequence++);
        verdictMessages++;
        accepted++;
        settled++;
    }

    private void appendVerdict(int id, int verdict) throws NetlinkException {
        ensureRoom();
        QueueMessages.verdict(tx, config.queue(), id, verdict, sequence++);
        verdictMessages++;
    }

    private void ensureRoom() throws NetlinkException {
        if (tx.remaining() < VERDICT_ROOM) {
            flush();
        }
    }

    /** Sends every verdict written so far, the pending batch verdict last. */
    public void flush() throws NetlinkException {
        if (pending > 0) {
            if (tx.remaining() < VERDICT_ROOM) {
                send();
            }
            QueueMessages.batchVerdict(tx, config.queue(), pendingHighestId, QueueProtocol.NF_ACCEPT, sequence++);
            verdictMessages++;
            pending = 0;
        }
        send();
        long now = System.nanoTime();
        if (now - publishedAt > PUBLISH_INTERVAL_NANOS) {
            publishedAt = now;
            publish();
        }
    }

    private void send() throws NetlinkException {
        if (tx.length() > 0) {
            try {
                transmitter.send(tx.buffer(), tx.length());
                sends++;
            } finally {
                tx.reset();
            }
        }
    }

    private void publish() {
        long overruns = socket != null ? socket.overruns() : 0;
        long truncated = socket != null ? socket.truncated() : 0;
        published = new QueueCounters(config.queue(), packets, accepted, settled, dropped, malformed, inspectorErrors,
                verdictErrors, overruns, truncated, verdictMessages, sends);
    }

    /** The counters as of the last publication (at most 50 ms old while packets flow, current when idle); any thread. */
    public QueueCounters counters() {
        return published;
    }

    /**
     * Sends what is pending, then closes the socket: the kernel unbinds the queue and drops the
     * packets still waiting in it (fail-closed), or accepts them with fail-open.
     */
    @Override
    public void close() {
        try {
            if (socket == null || socket.isOpen()) {
                flush();
            }
            publish();
        } catch (NetlinkException e) {
            // The socket is going away; packets left without verdict are the kernel's to drop.
        } finally {
            if (socket != null) {
                socket.close();
            }
            arena.close();
        }
    }
}
