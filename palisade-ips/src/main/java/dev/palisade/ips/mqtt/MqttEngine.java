package dev.palisade.ips.mqtt;

import dev.palisade.stream.StreamConsumer;

/**
 * The MQTT engine over the stream reassembler: one {@link MqttSession} per flow, indexed by the
 * reassembler's flow number (0 .. capacity-1), created on the flow's first bytes. The owner calls
 * {@link #close} when the flow ends so open transactions are reported and the slot is reused.
 * Single-threaded, like the reassembler that feeds it.
 */
public final class MqttEngine implements StreamConsumer {

    private final MqttSession[] sessions;
    private final MqttLimits limits;
    private final MqttListener listener;
    private boolean registerFrames;

    public MqttEngine(int capacity, MqttLimits limits, MqttListener listener) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.sessions = new MqttSession[capacity];
        this.limits = limits;
        this.listener = listener;
    }

    @Override
    public void data(int flow, int direction, byte[] buffer, int offset, int length) {
        session(flow).data(direction, buffer, offset, length);
    }

    /** The session of {@code flow}, created when absent. */
    public MqttSession session(int flow) {
        MqttSession s = sessions[flow];
        if (s == null) {
            s = new MqttSession(flow, limits, listener);
            s.registerFrames(registerFrames);
            sessions[flow] = s;
        }
        return s;
    }

    /**
     * Whether sessions register frames for {@code frame:} rules (off by default: registering copies
     * every packet's bytes). Applies to existing sessions too.
     */
    public void registerFrames(boolean on) {
        registerFrames = on;
        for (MqttSession s : sessions) {
            if (s != null) {
                s.registerFrames(on);
            }
        }
    }

    /** The session of {@code flow}, or null when it has seen no bytes. */
    public MqttSession existing(int flow) {
        return sessions[flow];
    }

    /** Ends {@code flow}: its open transactions are completed and its slot freed. */
    public void close(int flow) {
        MqttSession s = sessions[flow];
        if (s != null) {
            sessions[flow] = null;
            s.close();
        }
    }
}
