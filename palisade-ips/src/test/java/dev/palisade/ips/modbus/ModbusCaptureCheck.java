package dev.palisade.ips.modbus;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.capture.LinkType;
import dev.palisade.ips.json.JsonLine;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.stream.StreamReassembler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Development check, not a test (it reads captures outside the project): runs the engine over
 * Modbus captures through the real stream reassembler and prints PDUs per function code,
 * anomalies and the hits of a few {@code modbus:} conditions, optionally the EVE {@code modbus}
 * records. Run: {@code java -cp ... dev.palisade.ips.modbus.ModbusCaptureCheck [--eve OUT] CAPTURE...}.
 */
final class ModbusCaptureCheck {

    private ModbusCaptureCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path eve = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--eve")) {
                eve = Path.of(args[++i]);
                continue;
            }
            if (args[i].equals("--rules")) {
                // sid -> modbus: value, from the rules' text (a rough cut: enough for a development check)
                RULES.clear();
                var m = java.util.regex.Pattern.compile("modbus:\\s*([^;]*);.*sid:(\\d+)").matcher(Files.readString(Path.of(args[++i])));
                while (m.find()) {
                    RULES.put(m.group(2), ModbusKeywords.parseCondition(m.group(1)));
                }
                continue;
            }
            run(Path.of(args[i]), eve);
        }
    }

    private static void fixIpChecksum(byte[] b, int ip) {
        int ihl = (b[ip] & 0x0f) * 4;
        b[ip + 10] = 0;
        b[ip + 11] = 0;
        int sum = 0;
        for (int i = 0; i < ihl; i += 2) {
            sum += (b[ip + i] & 0xff) << 8 | (b[ip + i + 1] & 0xff);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        sum = ~sum & 0xffff;
        b[ip + 10] = (byte) (sum >>> 8);
        b[ip + 11] = (byte) sum;
    }

    private static final Map<String, ModbusCondition> RULES = new java.util.LinkedHashMap<>();

    static {
        RULES.put("9100001", ModbusKeywords.parseCondition("access write"));
        RULES.put("9100002", ModbusKeywords.parseCondition("function !assigned"));
        RULES.put("9100003", ModbusKeywords.parseCondition("function 8"));
        RULES.put("9100004", ModbusKeywords.parseCondition("access write holding, address <100"));
    }

    private static void run(Path capture, Path eve) throws IOException {
        Map<String, ModbusCondition> rules = RULES;
        java.util.Set<String> alerted = new java.util.HashSet<>();
        Map<String, Integer> counts = new TreeMap<>();
        int[][] perFunction = new int[2][256];
        OutputStream out = eve == null ? OutputStream.nullOutputStream() : Files.newOutputStream(eve);
        ModbusListener listener = new ModbusListener() {
            @Override
            public void message(ModbusTransaction tx, int direction) {
                ModbusMessage m = direction == 0 ? tx.request() : tx.response();
                perFunction[direction][m.functionRaw()]++;
                counts.merge("dir" + direction, 1, Integer::sum);
                if (System.getenv("MBDEBUG") != null) {
                    System.out.println(tx);
                }
                for (var r : rules.entrySet()) {
                    // a rule alerts once per transaction
                    if (r.getValue().matches(tx) && alerted.add(tx.flow() + "/" + tx.id() + "/" + r.getKey())) {
                        counts.merge(r.getKey(), 1, Integer::sum);
                    }
                }
            }

            @Override
            public void anomaly(ModbusTransaction tx, ModbusEvent event, int direction) {
                counts.merge("anom:" + event.ruleName(), 1, Integer::sum);
            }

            @Override
            public void completed(ModbusTransaction tx) {
                counts.merge("modbus", 1, Integer::sum);
                JsonLine g = new JsonLine();
                g.writeStartObject();
                g.writeNumberProperty("flow", tx.flow());
                g.writeStringProperty("event_type", "modbus");
                ModbusEve.write(g, tx);
                g.writeEndObject();
                g.writeRaw('\n');
                try {
                    g.writeTo(out);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        int maxFlows = 4096;
        ModbusInspector inspector = new ModbusInspector(maxFlows, ModbusSettings.DEFAULTS, listener);
        StreamReassembler reassembler = new StreamReassembler(maxFlows, StreamReassembler.StreamLimits.DEFAULTS);
        Map<String, int[]> flows = new HashMap<>(); // key -> {id, serverAddress, serverPort}
        PacketParser parser = new PacketParser(false);
        PacketView v = new PacketView();
        CapturedFrame frame = new CapturedFrame();
        long packets = 0;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next(frame)) {
                packets++;
                LinkLayer link = frame.captureInterface().linkType() == LinkType.ETHERNET ? LinkLayer.ETHERNET : LinkLayer.RAW_IP;
                Malformation mf = parser.parse(frame.buffer(), 0, frame.length(), link, v);
                if (mf == Malformation.BAD_IP_CHECKSUM) {
                    // captured on the sender, before checksum offload filled the field in: repair it as the NIC would
                    fixIpChecksum(frame.buffer(), v.l3Offset());
                    mf = parser.parse(frame.buffer(), 0, frame.length(), link, v);
                }
                if (mf != Malformation.NONE) {
                    counts.merge("malformed:" + mf, 1, Integer::sum);
                }
                if (mf != Malformation.NONE || !v.isIpv4() || v.protocol() != 6) {
                    continue;
                }
                int a = v.source();
                int pa = v.sourcePort();
                int b = v.destination();
                int pb = v.destinationPort();
                String key = Math.min(a, b) == a && (a != b || pa < pb)
                        ? a + ":" + pa + "-" + b + ":" + pb : b + ":" + pb + "-" + a + ":" + pa;
                int[] f = flows.get(key);
                boolean syn = (v.tcpFlags() & 0x02) != 0;
                if (f == null) {
                    boolean toServer = pb == 502 || pa != 502 && syn && (v.tcpFlags() & 0x10) == 0;
                    f = new int[] {flows.size(), toServer ? b : a, toServer ? pb : pa};
                    flows.put(key, f);
                    inspector.open(f[0], !(syn && (v.tcpFlags() & 0x10) == 0));
                }
                int dir = b == f[1] && pb == f[2] ? 0 : 1;
                int seq = v.tcpSequence() + (syn ? 1 : 0);
                if (!reassembler.isOpen(f[0], dir)) {
                    reassembler.open(f[0], dir, seq);
                }
                int payload = v.tcpPayloadLength();
                if (payload > 0) {
                    int r = reassembler.segment(f[0], dir, seq, v.buffer(), v.l4Offset() + v.tcpHeaderLength(), payload, inspector);
                    counts.merge("seg:" + dir + ":" + StreamReassembler.resultName(r), 1, Integer::sum);
                }
            }
        }
        for (int[] f : flows.values()) {
            inspector.close(f[0]);
        }
        out.close();
        StringBuilder fc = new StringBuilder();
        int[] total = new int[256];
        for (int d = 0; d < 2; d++) {
            for (int i = 0; i < 256; i++) {
                total[i & 0x7f] += perFunction[d][i];
            }
        }
        int sum = 0;
        for (int i = 0; i < 128; i++) {
            if (total[i] > 0) {
                fc.append(i).append(':').append(total[i]).append(' ');
                sum += total[i];
            }
        }
        System.out.println(capture.getFileName() + "\tpkts=" + packets + "\tpdus=" + sum + "\t" + fc + "\tskipped="
                + inspector.skippedBytes() + "\tforgiven=" + inspector.forgivenResponses() + "\t" + counts);
    }
}
