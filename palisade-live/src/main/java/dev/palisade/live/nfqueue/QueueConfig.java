package dev.palisade.live.nfqueue;

import java.time.Duration;

/**
 * How one NFQUEUE queue is bound. Immutable.
 *
 * @param queue queue number (the {@code --queue-num} of the rule), 0..65535
 * @param copyRange bytes of each packet copied to user space, 1..65531 (a whole IPv4 packet
 *     needs 65535; larger GSO packets arrive cut, see {@link QueuedPacket#isTruncated()})
 * @param maxLength packets the kernel holds for this queue at most before it drops (or, with
 *     {@code failOpen}, accepts) new ones
 * @param failOpen when the queue is full, accept packets instead of dropping them. Off by
 *     default: Palisade fails closed (no inspection, no transit)
 * @param gso receive GSO packets whole instead of having the kernel segment them first
 * @param conntrack packets carry their connection's id, state and mark
 * @param receiveBufferBytes socket receive buffer (packets waiting for the consumer)
 * @param batchSize accept verdicts are grouped into one batch verdict of at most this many
 *     packets (1: one verdict per packet)
 * @param settledMark the connection-mark bit that means "inspection finished, don't queue";
 *     shared with the ruleset, which queues only connections without it
 * @param pollTimeout how long a blocking receive waits before the loop checks whether it must stop
 */
public record QueueConfig(
        int queue,
        int copyRange,
        int maxLength,
        boolean failOpen,
        boolean gso,
        boolean conntrack,
        int receiveBufferBytes,
        int batchSize,
        int settledMark,
        Duration pollTimeout) {

    /** The ct mark bit agreed with the ruleset compiler: set = inspection finished. */
    public static final int SETTLED_MARK = 0x1;

    public QueueConfig {
        if (queue < 0 || queue > 0xffff) {
            throw new IllegalArgumentException("queue number " + queue + " outside 0..65535");
        }
        if (copyRange < 1 || copyRange > QueueProtocol.MAX_COPY_RANGE) {
            throw new IllegalArgumentException("copy range " + copyRange + " outside 1.." + QueueProtocol.MAX_COPY_RANGE);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("queue max length " + maxLength + " below 1");
        }
        if (receiveBufferBytes < 4096) {
            throw new IllegalArgumentException("receive buffer " + receiveBufferBytes + " below 4096 bytes");
        }
        if (batchSize < 1 || batchSize > 65536) {
            throw new IllegalArgumentException("batch size " + batchSize + " outside 1..65536");
        }
        if (Integer.bitCount(settledMark) != 1) {
            throw new IllegalArgumentException("settled mark must be one bit: " + Integer.toHexString(settledMark));
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            throw new IllegalArgumentException("poll timeout must be positive");
        }
    }

    /** Queue {@code queue}: whole packets, 4096 deep, fail-closed, GSO and conntrack on, batches of 32. */
    public static QueueConfig defaults(int queue) {
        return new QueueConfig(queue, QueueProtocol.MAX_COPY_RANGE, 4096, false, true, true, 8 << 20, 32, SETTLED_MARK,
                Duration.ofMillis(200));
    }

    public QueueConfig withFailOpen(boolean on) {
        return new QueueConfig(queue, copyRange, maxLength, on, gso, conntrack, receiveBufferBytes, batchSize, settledMark, pollTimeout);
    }

    public QueueConfig withGso(boolean on) {
        return new QueueConfig(queue, copyRange, maxLength, failOpen, on, conntrack, receiveBufferBytes, batchSize, settledMark, pollTimeout);
    }

    public QueueConfig withBatchSize(int size) {
        return new QueueConfig(queue, copyRange, maxLength, failOpen, gso, conntrack, receiveBufferBytes, size, settledMark, pollTimeout);
    }

    public QueueConfig withMaxLength(int length) {
        return new QueueConfig(queue, copyRange, length, failOpen, gso, conntrack, receiveBufferBytes, batchSize, settledMark, pollTimeout);
    }

    public QueueConfig withCopyRange(int range) {
        return new QueueConfig(queue, range, maxLength, failOpen, gso, conntrack, receiveBufferBytes, batchSize, settledMark, pollTimeout);
    }

    public QueueConfig withConntrack(boolean on) {
        return new QueueConfig(queue, copyRange, maxLength, failOpen, gso, on, receiveBufferBytes, batchSize, settledMark, pollTimeout);
    }

    public QueueConfig withQueue(int number) {
        return new QueueConfig(number, copyRange, maxLength, failOpen, gso, conntrack, receiveBufferBytes, batchSize, settledMark, pollTimeout);
    }

    /** The NFQA_CFG_FLAGS value this configuration asks for. */
    int flags() {
        return (failOpen ? QueueProtocol.F_FAIL_OPEN : 0) | (gso ? QueueProtocol.F_GSO : 0) | (conntrack ? QueueProtocol.F_CONNTRACK : 0);
    }
}
