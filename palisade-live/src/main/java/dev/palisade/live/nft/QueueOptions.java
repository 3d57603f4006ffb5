package dev.palisade.live.nft;

/**
 * How flows that need inspection are queued to the Java inspector.
 *
 * <p>Convention shared with the NFQUEUE consumer: queues are numbered {@code 0..queues-1} and
 * flows are spread over them by the kernel (balance with CPU fan-out); connection mark bit
 * {@link #INSPECTED_MARK} set means "inspection finished, stop queueing this connection".
 *
 * @param queues number of queues, 1-64
 * @param failOpen when true ({@code --queue-bypass}), packets pass uninspected while no
 *     inspector listens; the default false drops them (fail-closed: no inspection, no transit)
 * @param backend nft's native queue statement or iptables-nft's NFQUEUE target
 */
public record QueueOptions(int queues, boolean failOpen, QueueBackend backend) {

    /** Connection mark bit the inspector sets when a connection needs no more inspection. */
    public static final int INSPECTED_MARK = 0x1;

    /** Name of the iptables chain (table {@code mangle}) that holds the queue rules. */
    public static final String IPTABLES_CHAIN = "PALISADE_QUEUE";

    public QueueOptions {
        if (queues < 1 || queues > 64) {
            throw new IllegalArgumentException("queue count " + queues + " is not within 1-64");
        }
        if (backend == null) {
            throw new IllegalArgumentException("queue backend missing");
        }
    }

    /** One queue, fail-closed, through iptables-nft (what this kernel supports). */
    public static QueueOptions defaults() {
        return new QueueOptions(1, false, QueueBackend.IPTABLES);
    }

    public QueueOptions withBackend(QueueBackend other) {
        return new QueueOptions(queues, failOpen, other);
    }
}
