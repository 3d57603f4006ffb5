package dev.palisade.live.nfqueue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/net/netfilter/nfnetlink_queue}: the kernel's own view of a bound
 * queue, the only place where drops at the queue show (a full queue drops silently).
 *
 * <pre>
 *  queue  portid  waiting  copy_mode  copy_range  queue_dropped  user_dropped  last_id  1
 *      0   12345        0          2       65531              0             0     8812  1
 * </pre>
 *
 * @param queue queue number
 * @param portId netlink port id of the bound socket
 * @param waiting packets waiting for a verdict now
 * @param copyMode 0 none, 1 meta, 2 packet
 * @param copyRange bytes copied per packet
 * @param queueDropped packets dropped because the queue was full
 * @param userDropped packets dropped because they could not be delivered to the socket (ENOBUFS)
 * @param lastId id given to the last queued packet: how many packets the queue has taken
 */
public record QueueStatus(int queue, long portId, long waiting, int copyMode, long copyRange, long queueDropped,
                          long userDropped, long lastId) {

    /** The file as seen from the calling thread's network namespace. */
    public static final Path THREAD_FILE = Path.of("/proc/thread-self/net/netfilter/nfnetlink_queue");

    /** Lines longer than this are not status lines; the file's lines are about 60 bytes. */
    static final int MAX_LINE = 256;
    /** Queues reported at most (there are at most 65536). */
    static final int MAX_QUEUES = 65536;

    /** Reads the status of every queue bound in the calling thread's network namespace. */
    public static List<QueueStatus> read() throws IOException {
        return read(THREAD_FILE);
    }

    public static List<QueueStatus> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            // No queue was ever bound in this namespace: the file appears with the first bind.
            return List.of();
        }
        return parse(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /**
     * Parses the file's text. A line that is not nine unsigned decimal fields (the last one may be
     * signed) is refused with its line number: the kernel's format changed or this is not that file.
     */
    public static List<QueueStatus> parse(String text) {
        List<QueueStatus> result = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        long[] fields = new long[9];
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            if (end - start > MAX_LINE) {
                throw new IllegalArgumentException("line " + lineNumber + ": longer than " + MAX_LINE + " characters");
            }
            if (!text.substring(start, end).isBlank()) {
                if (result.size() == MAX_QUEUES) {
                    throw new IllegalArgumentException("more than " + MAX_QUEUES + " queues");
                }
                parseLine(text, start, end, lineNumber, fields);
                if (fields[0] > 0xffff || fields[3] > 2) {
                    throw new IllegalArgumentException("line " + lineNumber + ": queue " + fields[0] + " or copy mode " + fields[3] + " out of range");
                }
                result.add(new QueueStatus((int) fields[0], fields[1], fields[2], (int) fields[3], fields[4], fields[5], fields[6],
                        fields[7]));
            }
            start = end + 1;
        }
        return List.copyOf(result);
    }

    private static void parseLine(String text, int start, int end, int lineNumber, long[] fields) {
        int count = 0;
        int i = start;
        while (true) {
            while (i < end && text.charAt(i) == ' ') {
                i++;
            }
            if (i == end) {
                break;
            }
            if (count == fields.length) {
                throw new IllegalArgumentException("line " + lineNumber + ": more than " + fields.length + " fields");
            }
            boolean negative = text.charAt(i) == '-' && count == fields.length - 1;
            if (negative) {
                i++;
            }
            long value = 0;
            int digits = 0;
            while (i < end && text.charAt(i) != ' ') {
                char c = text.charAt(i);
                if (c < '0' || c > '9' || digits == 18) {
                    throw new IllegalArgumentException("line " + lineNumber + ": field " + (count + 1) + " is not a number");
                }
                value = value * 10 + (c - '0');
                digits++;
                i++;
            }
            if (digits == 0) {
                throw new IllegalArgumentException("line " + lineNumber + ": field " + (count + 1) + " is not a number");
            }
            fields[count++] = negative ? -value : value;
        }
        if (count != fields.length) {
            throw new IllegalArgumentException("line " + lineNumber + ": " + count + " fields instead of " + fields.length);
        }
    }

    /** The status of queue {@code queue} in {@code statuses}, or null when it is not bound. */
    public static QueueStatus of(List<QueueStatus> statuses, int queue) {
        for (QueueStatus s : statuses) {
            if (s.queue() == queue) {
                return s;
            }
        }
        return null;
    }
}
