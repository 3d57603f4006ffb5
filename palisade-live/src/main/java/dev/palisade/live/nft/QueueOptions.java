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

    /**
     * Connection mark bits holding the queue a connection was assigned to, plus one (0: none
     * assigned, e.g. a connection older than the ruleset; it goes to queue 0). With several
     * queues each queue has its own engine, which must see both directions of a flow; the
     * kernel's {@code --queue-balance} hashes the packet's addresses, which differ between the
     * two directions of a translated flow, so the queue is chosen once per connection instead.
     */
    public static final int QUEUE_MARK_MASK = 0xff00;

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

    /** The connection mark value (within {@link #QUEUE_MARK_MASK}) of connections assigned to queue {@code queue}. */
    public static int queueMark(int queue) {
        return (queue + 1) << 8;
    }

    public QueueOptions withBackend(QueueBackend other) {
        return new QueueOptions(queues, failOpen, other);
    }
}
