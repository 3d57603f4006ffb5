package dev.palisade.live.nfqueue;

/**
 * What one queue consumer has seen, as of its last published batch.
 *
 * @param queue queue number
 * @param packets packet messages received
 * @param accepted packets accepted (settled ones included)
 * @param settled packets accepted with the "inspection finished" connection mark
 * @param dropped packets dropped by the inspector
 * @param malformed messages that were not well-formed packet messages (dropped when their id was known)
 * @param inspectorErrors packets whose inspector threw (dropped)
 * @param verdictErrors error messages the kernel sent back about verdicts (e.g. unknown id)
 * @param overruns receive-buffer overruns (ENOBUFS): the kernel dropped packets it could not deliver
 * @param truncated datagrams larger than the receive buffer
 * @param verdictMessages verdict messages sent (batched verdicts count once)
 * @param sends send system calls
 */
public record QueueCounters(
        int queue,
        long packets,
        long accepted,
        long settled,
        long dropped,
        long malformed,
        long inspectorErrors,
        long verdictErrors,
        long overruns,
        long truncated,
        long verdictMessages,
        long sends) {

    /** The sum of two queues' counters (queue of the first). */
    public QueueCounters plus(QueueCounters o) {
        return new QueueCounters(queue, packets + o.packets, accepted + o.accepted, settled + o.settled, dropped + o.dropped,
                malformed + o.malformed, inspectorErrors + o.inspectorErrors, verdictErrors + o.verdictErrors,
                overruns + o.overruns, truncated + o.truncated, verdictMessages + o.verdictMessages, sends + o.sends);
    }
}
