package dev.palisade.notify.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A bounded first-in first-out queue of byte records kept in a directory, durable across crashes.
 *
 * <p>Records are appended to segment files ({@code <first index>.seg}, format in
 * {@link SegmentFormat}) and forced to the device before {@link #offer} returns, so a record the
 * queue accepted survives a crash. Delivery reads from the head with {@link #peek} and removes
 * with {@link #acknowledge}, which replaces the {@code head} file atomically (temporary file,
 * fsync, rename, fsync of the directory). A crash between delivery and acknowledgement delivers
 * the record again: the queue is at-least-once, never at-most-once. Opening scans every segment
 * with {@link SegmentReader}; damaged bytes are counted in {@link #recovery()} and skipped.
 *
 * <p>Thread-safe: one producer and one consumer may call it at the same time.
 */
public final class DiskQueue implements AutoCloseable {

    private static final String HEAD = "head";
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final QueueBounds bounds;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Recovery recovery;
    private Segment active;
    private long nextIndex;
    private long pendingBytes;
    private boolean closed;

    private DiskQueue(Path dir, QueueBounds bounds) throws IOException {
        this.dir = dir;
        this.bounds = bounds;
        Files.createDirectories(dir);
        boolean[] headDamaged = new boolean[1];
        long head = readHead(headDamaged);
        int regions = 0;
        long corrupt = 0;
        long highest = head - 1;
        for (Path file : segmentFiles()) {
            long first = firstIndexOf(file);
            byte[] bytes = Files.readAllBytes(file);
            SegmentScan scan = SegmentReader.scan(ByteBuffer.wrap(bytes), first, bounds.maxRecordBytes());
            regions += scan.corruptRegions();
            corrupt += scan.corruptBytes();
            Segment segment = new Segment(file, FileChannel.open(file, StandardOpenOption.READ), bytes.length);
            for (SegmentScan.Entry e : scan.records()) {
                if (e.index() >= head && e.index() > highest) {
                    pending.add(new Pending(e.index(), segment, e.payloadOffset(), e.payloadLength()));
                    pendingBytes += e.payloadLength();
                    segment.lastIndex = e.index();
                    highest = e.index();
                }
            }
            if (segment.lastIndex < 0) {
                segment.channel.close();
                Files.delete(file);
            } else {
                segments.put(first, segment);
            }
        }
        nextIndex = Math.max(head, highest + 1);
        recovery = new Recovery(pending.size(), regions, corrupt, headDamaged[0]);
        syncDirectory();
    }

    /** Opens (creating if needed) the queue kept in {@code dir}. */
    public static DiskQueue open(Path dir, QueueBounds bounds) throws IOException {
        return new DiskQueue(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(bounds, "bounds"));
    }

    /** What opening found. */
    public Recovery recovery() {
        return recovery;
    }

    /**
     * Appends a record and forces it to the device. Returns false, and stores nothing, when the
     * record would take the queue past its bounds or is larger than a record may be.
     */
    public synchronized boolean offer(byte[] payload) throws IOException {
        ensureOpen();
        if (payload.length > bounds.maxRecordBytes() || pending.size() >= bounds.maxRecords()
                || pendingBytes + payload.length > bounds.maxBytes()) {
            return false;
        }
        if (active == null || (active.size + SegmentFormat.RECORD_OVERHEAD + payload.length > bounds.segmentBytes()
                && active.lastIndex >= 0)) {
            startSegment();
        }
        long index = nextIndex;
        ByteBuffer record = SegmentFormat.encode(index, payload);
        long at = active.size;
        long pos = at;
        try {
            while (record.hasRemaining()) {
                pos += active.channel.write(record, pos);
            }
            active.channel.force(false);
        } catch (IOException e) {
            // Cut off what may be half written so the next append starts on a clean boundary.
            try {
                active.channel.truncate(at);
            } catch (IOException ignored) {
                // the reader skips a torn record anyway
            }
            throw e;
        }
        active.size = pos;
        active.lastIndex = index;
        nextIndex = index + 1;
        pending.add(new Pending(index, active, at + 12, payload.length));
        pendingBytes += payload.length;
        return true;
    }

    /** Up to {@code max} records after skipping the first {@code skip} waiting ones, oldest first. */
    public synchronized List<QueuedRecord> peek(int skip, int max) throws IOException {
        ensureOpen();
        List<QueuedRecord> out = new ArrayList<>(Math.min(max, Math.max(0, pending.size() - skip)));
        Iterator<Pending> it = pending.iterator();
        for (int i = 0; i < skip && it.hasNext(); i++) {
            it.next();
        }
        while (it.hasNext() && out.size() < max) {
            Pending p = it.next();
            ByteBuffer buf = ByteBuffer.allocate(p.length);
            long pos = p.offset;
            while (buf.hasRemaining()) {
                int r = p.segment.channel.read(buf, pos);
                if (r < 0) {
                    throw new IOException("segment " + p.segment.file.getFileName() + " shrank under the queue");
                }
                pos += r;
            }
            out.add(new QueuedRecord(p.index, buf.array()));
        }
        return out;
    }

    /**
     * Removes the {@code count} oldest records: they were delivered. The new head is on the
     * device before this returns; segment files holding only delivered records are deleted.
     */
    public synchronized void acknowledge(int count) throws IOException {
        ensureOpen();
        if (count < 0 || count > pending.size()) {
            throw new IllegalArgumentException("cannot acknowledge " + count + " of " + pending.size() + " records");
        }
        if (count == 0) {
            return;
        }
        long head = 0;
        for (int i = 0; i < count; i++) {
            Pending p = pending.removeFirst();
            pendingBytes -= p.length;
            head = p.index + 1;
        }
        writeHead(head);
        while (!segments.isEmpty()) {
            Segment oldest = segments.firstEntry().getValue();
            if (oldest == active || oldest.lastIndex >= head) {
                break;
            }
            segments.pollFirstEntry();
            oldest.channel.close();
            Files.deleteIfExists(oldest.file);
        }
    }

    /** Records waiting. */
    public synchronized int size() {
        return pending.size();
    }

    /** Payload bytes waiting. */
    public synchronized long bytes() {
        return pendingBytes;
    }

    /** Whether a record of {@code length} bytes would be accepted now. */
    public synchronized boolean hasRoomFor(int length) {
        return length <= bounds.maxRecordBytes() && pending.size() < bounds.maxRecords()
                && pendingBytes + length <= bounds.maxBytes();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (Segment s : segments.values()) {
            try {
                s.channel.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("queue closed: " + dir);
        }
    }

    private void startSegment() throws IOException {
        Path file = dir.resolve(String.format("%020d", nextIndex) + SUFFIX);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer header = SegmentFormat.header();
        long pos = 0;
        while (header.hasRemaining()) {
            pos += ch.write(header, pos);
        }
        ch.force(true);
        syncDirectory();
        Segment s = new Segment(file, ch, pos);
        segments.put(nextIndex, s);
        active = s;
    }

    private List<Path> segmentFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                if (firstIndexOf(p) >= 0) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> Long.compare(firstIndexOf(a), firstIndexOf(b)));
        return files;
    }

    /** The first index a segment's name gives, or -1 for a name this queue did not write. */
    private static long firstIndexOf(Path file) {
        String name = file.getFileName().toString();
        String digits = name.substring(0, name.length() - SUFFIX.length());
        if (digits.length() != 20 || digits.charAt(0) != '0' || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long v = Long.parseLong(digits);
        return v <= SegmentReader.MAX_INDEX ? v : -1;
    }

    private long readHead(boolean[] damaged) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(dir.resolve(HEAD));
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (b.length == 12) {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
            long head = buf.getLong();
            CRC32C crc = new CRC32C();
            crc.update(b, 0, 8);
            if (buf.getInt() == (int) crc.getValue() && head >= 0 && head <= SegmentReader.MAX_INDEX) {
                return head;
            }
        }
        damaged[0] = true;
        return 0;
    }

    private void writeHead(long head) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putLong(head);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, 8);
        buf.putInt((int) crc.getValue()).flip();
        Path tmp = dir.resolve(HEAD + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the queue directory cannot replace files atomically: " + dir, e);
        }
        syncDirectory();
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** One segment file; {@code lastIndex} is -1 until it holds a record. */
    private static final class Segment {
        final Path file;
        final FileChannel channel;
        long size;
        long lastIndex = -1;

        Segment(Path file, FileChannel channel, long size) {
            this.file = file;
            this.channel = channel;
            this.size = size;
        }
    }

    private record Pending(long index, Segment segment, long offset, int length) {
    }
}
