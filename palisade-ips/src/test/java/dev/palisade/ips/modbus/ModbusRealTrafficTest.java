package dev.palisade.ips.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.stream.StreamReassembler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real Modbus/TCP from real programs, captured once with tcpdump by
 * {@code scripts/corpus/make-appproto-corpus.sh} (mbpoll 1.4.11 and the pymodbus 3.0.0 client
 * against a pymodbus 3.0.0 server; the captures are the dataplane's application-protocol corpus),
 * taken from the SYN through the real {@link StreamReassembler} into the engine: every
 * transaction pairs, nothing is anomalous, and the fields are those the programs were asked for.
 */
class ModbusRealTrafficTest {

    private static Recorder replay(String resource, int serverPort, String... conditions) throws IOException {
        Recorder rec = new Recorder();
        for (String c : conditions) {
            rec.conditions.add(ModbusKeywords.parseCondition(c));
        }
        ModbusInspector inspector = new ModbusInspector(1, ModbusSettings.DEFAULTS, rec);
        StreamReassembler reassembler = new StreamReassembler(1, StreamReassembler.StreamLimits.DEFAULTS);
        PacketParser parser = new PacketParser(true);
        PacketView v = new PacketView();
        CapturedFrame frame = new CapturedFrame();
        boolean opened = false;
        try (InputStream in = ModbusRealTrafficTest.class.getResourceAsStream(resource);
                CaptureReader reader = CaptureReader.open(in, resource)) {
            while (reader.next(frame)) {
                assertThat(parser.parse(frame.buffer(), 0, frame.length(), LinkLayer.ETHERNET, v)).isEqualTo(Malformation.NONE);
                if (!v.isIpv4() || v.protocol() != 6) {
                    continue;
                }
                int dir = v.destinationPort() == serverPort ? 0 : 1;
                boolean syn = (v.tcpFlags() & 0x02) != 0;
                if (!opened) {
                    assertThat(syn).as("the capture starts with the handshake").isTrue();
                    inspector.open(0, false);
                    opened = true;
                }
                int seq = v.tcpSequence() + (syn ? 1 : 0);
                if (syn) {
                    reassembler.open(0, dir, seq);
                }
                if (v.tcpPayloadLength() > 0) {
                    reassembler.segment(0, dir, seq, v.buffer(), v.l4Offset() + v.tcpHeaderLength(), v.tcpPayloadLength(), inspector);
                }
            }
        }
        inspector.close(0);
        return rec;
    }

    private static List<String> fields(Recorder rec, String name) {
        List<String> out = new ArrayList<>();
        for (String e : rec.eve) {
            int at = e.indexOf("\"" + name + "\":");
            while (at >= 0) {
                int end = e.indexOf(',', at);
                out.add(e.substring(at, end < 0 ? e.length() : end));
                at = e.indexOf("\"" + name + "\":", at + 1);
            }
        }
        return out;
    }

    @Test
    void mbpollReadsTenHoldingRegisters() throws IOException {
        Recorder rec = replay("/appproto-corpus/modbus-502-mbpoll.pcap", 502);
        assertThat(rec.anomalies).isEmpty();
        assertThat(rec.eve).hasSize(1);
        String tx = rec.eve.getFirst();
        assertThat(tx).contains("\"request\":{").contains("\"response\":{")
                .contains("\"function_code\":\"RdHoldRegs\"")
                .contains("\"read\":{\"address\":0,\"quantity\":10}")
                .contains("\"error_flags\":\"NONE\"").doesNotContain("DATA_");
        // no value_mismatch above: the response's byte count is the 20 bytes 10 registers need
        assertThat(fields(rec, "unit_id")).containsOnly("\"unit_id\":1");
        assertThat(fields(rec, "function_raw")).containsExactly("\"function_raw\":3", "\"function_raw\":3");
    }

    @Test
    void pymodbusClientReadsAndWrites() throws IOException {
        Recorder rec = replay("/appproto-corpus/modbus-5020-pymodbus.pcap", 5020,
                "access write holding, address 6, value 1234", "access read", "function 6");
        assertThat(rec.anomalies).isEmpty();
        assertThat(rec.eve).hasSize(4);
        assertThat(fields(rec, "function_code")).containsExactly(
                "\"function_code\":\"RdHoldRegs\"", "\"function_code\":\"RdHoldRegs\"",
                "\"function_code\":\"RdInputRegs\"", "\"function_code\":\"RdInputRegs\"",
                "\"function_code\":\"RdCoils\"", "\"function_code\":\"RdCoils\"",
                "\"function_code\":\"WrSingleReg\"", "\"function_code\":\"WrSingleReg\"");
        assertThat(rec.eve.get(0)).contains("\"read\":{\"address\":0,\"quantity\":10}");
        assertThat(rec.eve.get(1)).contains("\"read\":{\"address\":0,\"quantity\":4}");
        assertThat(rec.eve.get(2)).contains("\"read\":{\"address\":0,\"quantity\":8}");
        // write_register(5, 1234): request and echo
        assertThat(rec.eve.get(3)).contains("\"write\":{\"address\":5,\"data\":1234}}", "\"response\":{")
                .doesNotContain("DATA_");
        // rules see each request before its response: condition 0 and 2 on the write (4th transaction), 1 on the reads
        assertThat(rec.hits).containsExactly("1 #1 0", "1 #1 1", "1 #2 0", "1 #2 1", "1 #3 0", "1 #3 1",
                "0 #4 0", "2 #4 0", "0 #4 1", "2 #4 1");
    }
}
