package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Frames;
import org.junit.jupiter.api.Test;

/**
 * A Modbus connection picked up midstream whose first captured packet comes from the server, as
 * in the public capture Modbus/modbus_test (192.168.0.21:53454 to 192.168.0.20:502, which begins
 * with a response). Suricata 7 takes the first sender for the client and parses that connection
 * turned round (docs/ips-modbus.md, D2); the protector keeps the side on the Modbus port as the
 * server, so requests stay requests, every response pairs, and nothing is anomalous.
 */
class MidstreamDirectionTest {

    private static final String CLIENT = "192.168.0.21";
    private static final String SERVER = "192.168.0.20";

    @Test
    void aConnectionFirstSeenFromTheServerKeepsThePortSideAsServer() {
        ProtectorTest.Recorder rec = new ProtectorTest.Recorder();
        Protector p = new Protector(Packets.rules(
                "alert modbus any any -> any any (msg:\"write\"; flow:to_server; modbus: access write; sid:1;)",
                "alert modbus any any -> any any (msg:\"unsolicited\"; app-layer-event:modbus.unsolicited_response; sid:2;)",
                "alert modbus any any -> any any (msg:\"length\"; app-layer-event:modbus.invalid_length; sid:3;)",
                "alert modbus any any -> any any (msg:\"value\"; app-layer-event:modbus.invalid_value; sid:4;)",
                "alert modbus any any -> any any (msg:\"mismatch\"; app-layer-event:modbus.value_mismatch; sid:5;)"),
                ProtectorSettings.DEFAULTS.withMidstream(true), rec);
        int c = 1000;
        int s = 5000;
        byte[][] frames = {
            // the answer to a request sent before the capture began: tid 16799, read input registers, one register
            server(s, c, 0x41, 0x9f, 0, 0, 0, 5, 1, 4, 2, 0x12, 0x34),
            // tid 16800: read input registers, address 0, quantity 1; its answer
            client(c, s, 0x41, 0xa0, 0, 0, 0, 6, 1, 4, 0, 0, 0, 1),
            server(s + 11, c + 12, 0x41, 0xa0, 0, 0, 0, 5, 1, 4, 2, 0x00, 0x2a),
            // tid 16801: write single register 7 = 99; its echo
            client(c + 12, s + 22, 0x41, 0xa1, 0, 0, 0, 6, 1, 6, 0, 7, 0, 99),
            server(s + 22, c + 24, 0x41, 0xa1, 0, 0, 0, 6, 1, 6, 0, 7, 0, 99),
        };
        long t = 1_000_000_000L;
        for (byte[] f : frames) {
            p.inspectFrame(f, 0, f.length, 1, t += 1_000_000);
        }
        p.finish();

        // Turned round, the requests would read as responses without request (unsolicited, value
        // mismatch) and the responses as over-long requests; the write would be a response.
        assertThat(rec.anomalies).isEmpty();
        assertThat(rec.alerts).containsExactly("1 modbus");
        assertThat(rec.transactions).hasSize(3);
        assertThat(rec.flows).singleElement().asString().startsWith("modbus 53454->502 ");
    }

    private static byte[] client(int seq, int ack, int... payload) {
        return Frames.tcp(CLIENT, 53454, SERVER, 502).flags(0x18).seq(seq).ack(ack).payload(bytes(payload)).build();
    }

    private static byte[] server(int seq, int ack, int... payload) {
        return Frames.tcp(SERVER, 502, CLIENT, 53454).flags(0x18).seq(seq).ack(ack).payload(bytes(payload)).build();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
