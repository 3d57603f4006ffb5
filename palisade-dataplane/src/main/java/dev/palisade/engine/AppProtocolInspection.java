package dev.palisade.engine;

import dev.palisade.inspect.appproto.AppProtocolDetector;
import dev.palisade.inspect.appproto.DetectionLimits;
import dev.palisade.stream.StreamConsumer;
import dev.palisade.stream.StreamReassembler;

/**
 * Application-protocol detection for transit TCP flows: each flow's two byte streams, put in
 * order by a {@link StreamReassembler}, go to the {@link AppProtocolDetector} until it decides
 * (within its first bytes); then the flow's stream state is freed. Flow ids are connection ids.
 * Owned by the engine's thread.
 */
final class AppProtocolInspection implements StreamConsumer {

    /** What the connection table stores once a flow is decided not to be a target protocol. */
    static final int DECIDED_NONE = 0x80;

    private final StreamReassembler streams;
    private final AppProtocolDetector detector;
    private int decision;

    AppProtocolInspection(int maxFlows) {
        // Detection reads at most 2 KiB each way, so a small per-direction window is plenty.
        this.streams = new StreamReassembler(maxFlows,
                new StreamReassembler.StreamLimits(8 * 1024, 4 << 20, 16));
        this.detector = new AppProtocolDetector(maxFlows, DetectionLimits.DEFAULT);
    }

    /** A transit TCP flow starts: the client's SYN carried {@code clientIsn}. */
    void start(int flow, int clientIsn, int serverPort) {
        detector.reset(flow, serverPort);
        streams.open(flow, 0, clientIsn + 1);
        streams.close(flow, 1);
    }

    /**
     * Feeds a segment of a flow under inspection (after TCP tracking accepted it). Returns
     * {@link AppProtocolDetector#UNDECIDED}, {@link AppProtocolDetector#NONE} or a protocol code.
     */
    int segment(int flow, int direction, boolean syn, int sequence, byte[] buffer, int offset, int length) {
        if (syn && direction == 1) {
            streams.open(flow, 1, sequence + 1);
            return AppProtocolDetector.UNDECIDED;
        }
        if (length == 0 || !streams.isOpen(flow, direction)) {
            return AppProtocolDetector.UNDECIDED;
        }
        decision = AppProtocolDetector.UNDECIDED;
        streams.segment(flow, direction, sequence, buffer, offset, length, this);
        int result = decision != AppProtocolDetector.UNDECIDED ? decision : detector.result(flow);
        if (result != AppProtocolDetector.UNDECIDED) {
            streams.close(flow);
        }
        return result;
    }

    @Override
    public void data(int flow, int direction, byte[] buffer, int offset, int length) {
        int r = detector.feed(flow, direction, buffer, offset, length);
        if (r != AppProtocolDetector.UNDECIDED) {
            decision = r;
        }
    }

    /** The flow's connection went away: free what its streams held. */
    void stop(int flow) {
        streams.close(flow);
    }

    AppProtocolDetector detector() {
        return detector;
    }

    StreamReassembler streams() {
        return streams;
    }
}
