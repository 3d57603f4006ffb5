package dev.palisade.inspect.appproto;

/**
 * How far into a flow the {@link AppProtocolDetector} looks before it gives up: a flow still
 * undecided once either direction has delivered {@code maxBytesPerDirection} bytes or
 * {@code maxChunksPerDirection} non-empty chunks is classified {@link AppProtocolDetector#NONE}
 * and counted as undecided. Every target protocol shows itself in the first message of each side
 * (a request line, a ClientHello, a CONNECT, a greeting and one command, one Modbus exchange), so
 * the bound only has to cover the first message of real clients; it keeps the per-flow cost of
 * inspection small and fixed, whatever the flow carries afterwards.
 *
 * @param maxBytesPerDirection bytes inspected per direction, 64 to 1 MiB
 * @param maxChunksPerDirection non-empty chunks (segments) inspected per direction, at least 1
 */
public record DetectionLimits(int maxBytesPerDirection, int maxChunksPerDirection) {

    /**
     * 2 KiB and 8 chunks each way: room for a ClientHello with a post-quantum key share (about
     * 1.8 KB), an MQTT CONNECT with a token as password, or a multi-line FTP banner, while an
     * interactive flow that trickles data still reaches the bound quickly.
     */
    public static final DetectionLimits DEFAULT = new DetectionLimits(2048, 8);

    public DetectionLimits {
        if (maxBytesPerDirection < 64 || maxBytesPerDirection > 1 << 20) {
            throw new IllegalArgumentException("maxBytesPerDirection out of 64..1048576: " + maxBytesPerDirection);
        }
        if (maxChunksPerDirection < 1) {
            throw new IllegalArgumentException("maxChunksPerDirection must be positive: " + maxChunksPerDirection);
        }
    }
}
