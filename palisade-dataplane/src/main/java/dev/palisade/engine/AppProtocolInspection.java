package dev.palisade.engine;

import dev.palisade.inspect.appproto.AppProtocolDetector;
import dev.palisade.inspect.appproto.DetectionLimits;
import dev.palisade.stream.StreamConsumer;
import dev.palisade.stream.StreamReassembler;

/**
 * Application-protocol detection for transit TCP flows: each flow's two byte streams, put in
 * order by a {@link StreamReassembler}, go to the {@link AppProtocolDetector} until it decides
 * (within its first bytes); then the flow's inspection state is freed.
 *
 * <p>A flow is inspected only for its first few packets, so the state lives in a pool of
 * inspection slots much smaller than the connection table (a slot is ~300 bytes; a million
 * connections each holding one would cost more than the whole table). A connection is mapped to
 * a slot while it is being inspected. When every slot is busy, a new flow is not inspected: it
 * is left alone and counted ({@link #unInspected()}). Owned by the engine's thread.
 */
final class AppProtocolInspection implements StreamConsumer {

    /** What the connection table stores once a flow is decided not to be a target protocol. */
    static final int DECIDED_NONE = 0x80;

    /** Flows inspected at the same time at most. */
    static final int MAX_SLOTS = 16_384;

    private final StreamReassembler streams;
    private final AppProtocolDetector detector;
    private final int[] slotOfFlow;   // connection id -> slot + 1, 0 when none
    private final int[] freeSlots;
    private int freeCount;
    private int decision;
    private long unInspected;

    AppProtocolInspection(int maxFlows) {
        this(maxFlows, Math.min(maxFlows, MAX_SLOTS));
    }

    /** With an explicit number of slots (tests exhaust a small pool). */
    AppProtocolInspection(int maxFlows, int slots) {
        // Detection reads at most 2 KiB each way, so a small per-direction window is plenty.
        this.streams = new StreamReassembler(slots, new StreamReassembler.StreamLimits(8 * 1024, 4 << 20, 16));
        this.detector = new AppProtocolDetector(slots, DetectionLimits.DEFAULT);
        this.slotOfFlow = new int[maxFlows];
        this.freeSlots = new int[slots];
        for (int i = 0; i < slots; i++) {
            freeSlots[i] = slots - 1 - i;
        }
        this.freeCount = slots;
    }

    /**
     * A transit TCP flow starts: the client's SYN carried {@code clientIsn}. Returns false when no
     * slot is free; the flow is then not inspected.
     */
    boolean start(int flow, int clientIsn, int serverPort) {
        stop(flow);
        if (freeCount == 0) {
            unInspected++;
            return false;
        }
        int slot = freeSlots[--freeCount];
        slotOfFlow[flow] = slot + 1;
        detector.reset(slot, serverPort);
        streams.open(slot, 0, clientIsn + 1);
        streams.close(slot, 1);
        return true;
    }

    /**
     * Feeds a segment of a flow under inspection (after TCP tracking accepted it). Returns
     * {@link AppProtocolDetector#UNDECIDED}, {@link AppProtocolDetector#NONE} or a protocol code;
     * once decided, the flow's slot is freed.
     */
    int segment(int flow, int direction, boolean syn, int sequence, byte[] buffer, int offset, int length) {
        int slot = slotOfFlow[flow] - 1;
        if (slot < 0) {
            return AppProtocolDetector.NONE;
        }
        if (syn && direction == 1) {
            streams.open(slot, 1, sequence + 1);
            return AppProtocolDetector.UNDECIDED;
        }
        if (length == 0 || !streams.isOpen(slot, direction)) {
            return AppProtocolDetector.UNDECIDED;
        }
        decision = AppProtocolDetector.UNDECIDED;
        streams.segment(slot, direction, sequence, buffer, offset, length, this);
        int result = decision != AppProtocolDetector.UNDECIDED ? decision : detector.result(slot);
        if (result != AppProtocolDetector.UNDECIDED) {
            stop(flow);
        }
        return result;
    }

    @Override
    public void data(int slot, int direction, byte[] buffer, int offset, int length) {
        int r = detector.feed(slot, direction, buffer, offset, length);
        if (r != AppProtocolDetector.UNDECIDED) {
            decision = r;
        }
    }

    /** The flow is decided or its connection went away: free its slot and what its streams held. */
    void stop(int flow) {
        int slot = slotOfFlow[flow] - 1;
        if (slot >= 0) {
            streams.close(slot);
            slotOfFlow[flow] = 0;
            freeSlots[freeCount++] = slot;
        }
    }

    /** Flows not inspected because every slot was busy. */
    long unInspected() {
        return unInspected;
    }

    /** Flows being inspected now. */
    int inspecting() {
        return freeSlots.length - freeCount;
    }

    AppProtocolDetector detector() {
        return detector;
    }
}
