package dev.palisade.ips.mqtt;

/**
 * A reusable view of one MQTT frame waiting for inspection: its type, Suricata's frame id (per
 * flow and direction, from 1, the id 1 being the direction's stream frame), the stream offset of
 * its first byte, its length, and its bytes. Pointed at a frame by {@link MqttFrames#frame}; the
 * bytes are valid until the frames are {@linkplain MqttFrames#consume consumed}. An alert raised
 * on a frame carries this view to the EVE writer, which logs it as the alert's {@code frame}
 * object during the call.
 */
public final class MqttFrame {

    MqttFrameType type = MqttFrameType.PDU;
    long id;
    int direction;
    long streamOffset;
    int length;
    byte[] array = new byte[0];
    int offset;
    int available;

    public MqttFrameType type() {
        return type;
    }

    /** Suricata's frame id within the flow and direction. */
    public long id() {
        return id;
    }

    /** 0 client to server, 1 server to client. */
    public int direction() {
        return direction;
    }

    /** Offset of the frame's first byte in its direction's stream (0 = the first byte seen). */
    public long streamOffset() {
        return streamOffset;
    }

    /** The frame's length as the engine registered it. */
    public int length() {
        return length;
    }

    /** The array holding the frame's bytes. */
    public byte[] array() {
        return array;
    }

    /** Where the frame's bytes start in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** How many of the frame's bytes are held (less than {@link #length()} only when the byte budget was exhausted). */
    public int available() {
        return available;
    }

    /** Whether all bytes of the frame are held. */
    public boolean complete() {
        return available >= length;
    }
}
