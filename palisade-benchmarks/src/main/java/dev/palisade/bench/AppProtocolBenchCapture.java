package dev.palisade.bench;

import dev.palisade.capture.LinkType;
import dev.palisade.capture.PcapngWriter;
import dev.palisade.testing.Frames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the capture of the application-protocol filtering benchmark: many short masqueraded TCP
 * flows from LAN clients to WAN servers, each a handshake, a first exchange that is HTTP, TLS
 * with ALPN h2, MQTT, Modbus/TCP, SMTP, SSH or random binary, then random data both ways and a
 * close; 64 flows interleaved at a time. Also writes two configurations: {@code appproto-open.json}
 * (nothing blocked) and {@code appproto-blocked.json} (all seven protocols blocked).
 * {@code scripts/bench/appproto-bench.sh} calls it; usage: {@code AppProtocolBenchCapture OUT_DIR [flows]}.
 */
public final class AppProtocolBenchCapture {

    private static final String WAN = "198.51.100.2";
    private static final int INTERLEAVE = 64;

    private AppProtocolBenchCapture() {
    }

    /** The first exchange of a flow: what the client sends first, what the server answers. */
    private record Opening(String name, int port, byte[] client, byte[] server, boolean serverFirst) {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String h) {
        h = h.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private static List<Opening> openings(SplittableRandom r) {
        byte[] random = new byte[200];
        r.nextBytes(random);
        byte[] random2 = new byte[300];
        r.nextBytes(random2);
        return List.of(
                new Opening("http", 80, ascii("GET /data HTTP/1.1\r\nHost: plant\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"),
                        ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), false),
                new Opening("tls-h2", 443, clientHelloWithAlpnH2(), hex("160303002a020000260303" + "00".repeat(32) + "00130100"), false),
                // CONNECT, MQTT 3.1.1, clean session, keep-alive 60, client id "s1"; CONNACK.
                new Opening("mqtt", 1883, hex("100e00044d5154540402003c00027331"), hex("20020000"), false),
                // Read holding registers 0..9 of unit 1, and the answer.
                new Opening("modbus", 502, hex("000100000006010300000 00a".replace(" ", "")),
                        hex("00010000001701031400010002000300040005000600070008000900 0a".replace(" ", "")), false),
                new Opening("smtp", 25, ascii("EHLO client.plant\r\n"), ascii("220 mail.example ESMTP Postfix\r\n"), true),
                new Opening("ssh", 22, ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), false),
                new Opening("random", 9000, random, random2, false));
    }

    /** A minimal well-formed TLS 1.2 ClientHello offering ALPN h2 and http/1.1. */
    private static byte[] clientHelloWithAlpnH2() {
        String alpn = "0010" + "000e" + "000c" + "026832" + "08687474702f312e31";
        String extensions = alpn;
        String body = "0303" + "11".repeat(32) + "00" + "0004" + "c02f" + "c030" + "0100"
                + String.format("%04x", extensions.length() / 2) + extensions;
        String handshake = "01" + String.format("%06x", body.length() / 2) + body;
        String record = "16" + "0301" + String.format("%04x", handshake.length() / 2) + handshake;
        return hex(record);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: AppProtocolBenchCapture OUT_DIR [flows]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int flows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Files.createDirectories(dir);
        String base = BenchScenario.configJson(8);
        Files.writeString(dir.resolve("appproto-open.json"), base, StandardCharsets.UTF_8);
        String blocked = base.replaceFirst("\"NETWORK\": \\{", "\"NETWORK\": {\n  \"APP_PROTO\": {\"filtered_protos\": "
                + "{\"ftp\": true, \"http\": true, \"imap\": true, \"modbus\": true, \"mqtt\": true, \"pop3\": true, \"smtp\": true}},");
        Files.writeString(dir.resolve("appproto-blocked.json"), blocked, StandardCharsets.UTF_8);

        SplittableRandom r = new SplittableRandom(7);
        List<Opening> kinds = openings(r);
        Path capture = dir.resolve("appproto.pcapng");
        long time = 1_767_225_600_000_000_000L;
        long packets = 0;
        try (PcapngWriter w = PcapngWriter.create(capture)) {
            int lan = w.addInterface("lan", LinkType.ETHERNET);
            int wan = w.addInterface("wan", LinkType.ETHERNET);
            for (int start = 0; start < flows; start += INTERLEAVE) {
                List<List<byte[][]>> group = new ArrayList<>();
                for (int i = start; i < Math.min(flows, start + INTERLEAVE); i++) {
                    group.add(flow(i, kinds.get(i % kinds.size()), r));
                }
                for (int step = 0; ; step++) {
                    boolean any = false;
                    for (List<byte[][]> f : group) {
                        if (step < f.size()) {
                            byte[][] p = f.get(step);
                            w.write(p[0][0] == 0 ? lan : wan, time += 1000, p[1], 0, p[1].length);
                            packets++;
                            any = true;
                        }
                    }
                    if (!any) {
                        break;
                    }
                }
            }
        }
        System.out.println(String.format(Locale.ROOT, "wrote %s (%,d packets, %,d flows) and the configurations appproto-open.json, appproto-blocked.json",
                capture, packets, flows));
    }

    /** One flow's frames in order: {side (0 LAN / 1 WAN)}, frame. */
    private static List<byte[][]> flow(int i, Opening o, SplittableRandom r) {
        String client = "192.168.1." + (10 + i % 200);
        int cport = 20_000 + (i / 200) % 40_000;
        String server = "100.64." + ((i >> 8) & 0x3f) + "." + (1 + (i & 0xff) % 250);
        int c = 1_000 + i * 7919;
        int s = 9_000_000 + i * 104_729;
        List<byte[][]> out = new ArrayList<>();
        out.add(lan(Frames.tcp(client, cport, server, o.port()).syn().seq(c).build()));
        out.add(wan(Frames.tcp(server, o.port(), WAN, cport).synAck(c + 1).seq(s).build()));
        c++;
        s++;
        out.add(lan(Frames.tcp(client, cport, server, o.port()).flags(0x10).seq(c).ack(s).build()));
        if (o.serverFirst()) {
            out.add(wan(data(server, o.port(), WAN, cport, s, c, o.server())));
            s += o.server().length;
            out.add(lan(data(client, cport, server, o.port(), c, s, o.client())));
            c += o.client().length;
        } else {
            out.add(lan(data(client, cport, server, o.port(), c, s, o.client())));
            c += o.client().length;
            out.add(wan(data(server, o.port(), WAN, cport, s, c, o.server())));
            s += o.server().length;
        }
        for (int k = 0; k < 3; k++) {
            byte[] up = new byte[64 + r.nextInt(200)];
            r.nextBytes(up);
            out.add(lan(data(client, cport, server, o.port(), c, s, up)));
            c += up.length;
            byte[] down = new byte[64 + r.nextInt(400)];
            r.nextBytes(down);
            out.add(wan(data(server, o.port(), WAN, cport, s, c, down)));
            s += down.length;
        }
        out.add(lan(Frames.tcp(client, cport, server, o.port()).flags(0x11).seq(c).ack(s).build()));
        out.add(wan(Frames.tcp(server, o.port(), WAN, cport).flags(0x11).seq(s).ack(c + 1).build()));
        out.add(lan(Frames.tcp(client, cport, server, o.port()).flags(0x10).seq(c + 1).ack(s + 1).build()));
        return out;
    }

    private static byte[] data(String src, int sport, String dst, int dport, int seq, int ack, byte[] payload) {
        return Frames.tcp(src, sport, dst, dport).flags(0x18).seq(seq).ack(ack).payload(payload).build();
    }

    private static byte[][] lan(byte[] frame) {
        return new byte[][] {{0}, frame};
    }

    private static byte[][] wan(byte[] frame) {
        return new byte[][] {{1}, frame};
    }
}
