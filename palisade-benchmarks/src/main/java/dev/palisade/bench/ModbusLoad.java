package dev.palisade.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Modbus/TCP load for the live IPS benchmark ({@code scripts/bench/modbus-ips-bench.sh}): a PLC
 * that answers "read holding registers" (function 3) and a SCADA client that keeps {@code depth}
 * requests outstanding on each of {@code connections} connections, so the gateway, not the round
 * trip, limits the rate. Both are one NIO thread; the server checks each MBAP header (protocol 0,
 * length 2..254) before it reads the PDU and closes a connection that sends anything else. The
 * client prints the transactions per second it completed.
 *
 * <pre>
 *  ip netns exec S java -cp benchmarks.jar dev.palisade.bench.ModbusLoad server 198.51.100.1 502
 *  ip netns exec C java -cp benchmarks.jar dev.palisade.bench.ModbusLoad client 198.51.100.1 502 CONNECTIONS DEPTH SECONDS
 * </pre>
 */
public final class ModbusLoad {

    private static final int MBAP = 7;
    /** Read 10 registers from 0, unit 1: the request every client sends (transaction id filled per request). */
    private static final byte[] READ = {0, 0, 0, 0, 0, 6, 1, 3, 0, 0, 0, 10};
    private static final int REPLY_LENGTH = MBAP + 2 + 20;

    private ModbusLoad() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("server")) {
            server(new InetSocketAddress(args[1], Integer.parseInt(args[2])));
        } else if (args.length == 6 && args[0].equals("client")) {
            client(new InetSocketAddress(args[1], Integer.parseInt(args[2])), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
        } else {
            throw new IllegalArgumentException("usage: server ADDRESS PORT | client HOST PORT CONNECTIONS DEPTH SECONDS");
        }
    }

    private static void server(InetSocketAddress address) throws IOException {
        try (Selector selector = Selector.open(); ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 64);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            System.out.println("listening");
            System.out.flush();
            byte[] reply = new byte[REPLY_LENGTH];
            reply[5] = 23;
            reply[6] = 1;
            reply[7] = 3;
            reply[8] = 20;
            while (true) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        SocketChannel c = listener.accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            c.register(selector, SelectionKey.OP_READ, new Connection());
                        }
                    } else if (key.isReadable()) {
                        serve((SocketChannel) key.channel(), (Connection) key.attachment(), reply, key);
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }

    /** Buffers of one connection: requests in, replies out (a whole batch of replies per read). */
    private static final class Connection {
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        final ByteBuffer out = ByteBuffer.allocate(64 * 1024 / 12 * REPLY_LENGTH + REPLY_LENGTH);
    }

    private static void serve(SocketChannel c, Connection conn, byte[] reply, SelectionKey key) throws IOException {
        int n;
        try {
            n = c.read(conn.in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            key.cancel();
            c.close();
            return;
        }
        ByteBuffer in = conn.in.flip();
        ByteBuffer out = conn.out.clear();
        while (in.remaining() >= MBAP) {
            int start = in.position();
            int protocol = in.getShort(start + 2) & 0xffff;
            int length = in.getShort(start + 4) & 0xffff;
            if (protocol != 0 || length < 2 || length > 254) {
                key.cancel();
                c.close();
                return;
            }
            if (in.remaining() < 6 + length) {
                break;
            }
            reply[0] = in.get(start);
            reply[1] = in.get(start + 1);
            out.put(reply);
            in.position(start + 6 + length);
        }
        in.compact();
        out.flip();
        while (out.hasRemaining()) {
            // the client reads continuously, so a short blocking spin is enough for this benchmark peer
            c.write(out);
        }
    }

    private static void client(InetSocketAddress server, int connections, int depth, int seconds) throws IOException {
        List<SocketChannel> channels = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            long[] completed = new long[1];
            ByteBuffer request = ByteBuffer.allocate(READ.length * depth);
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(server);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.configureBlocking(false);
                channels.add(c);
                c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(64 * 1024));
                request.clear();
                for (int d = 0; d < depth; d++) {
                    request.put(READ);
                }
                request.flip();
                while (request.hasRemaining()) {
                    c.write(request);
                }
            }
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long nextReport = start + 1_000_000_000L;
            long lastCount = 0;
            ByteBuffer again = ByteBuffer.allocate(READ.length * depth);
            while (System.nanoTime() < end) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) key.channel();
                    ByteBuffer in = (ByteBuffer) key.attachment();
                    if (c.read(in) < 0) {
                        throw new IOException("the server closed a connection");
                    }
                    in.flip();
                    int replies = in.remaining() / REPLY_LENGTH;
                    in.position(replies * REPLY_LENGTH);
                    in.compact();
                    completed[0] += replies;
                    again.clear();
                    for (int r = 0; r < replies; r++) {
                        again.put(READ);
                    }
                    again.flip();
                    while (again.hasRemaining()) {
                        c.write(again);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now >= nextReport) {
                    System.out.printf(Locale.ROOT, "t=%ds %,d transactions/s%n", (now - start) / 1_000_000_000L, completed[0] - lastCount);
                    lastCount = completed[0];
                    nextReport += 1_000_000_000L;
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "result %d transactions/s%n", Math.round(completed[0] / secs));
        } finally {
            for (SocketChannel c : channels) {
                c.close();
            }
        }
    }
}
