package dev.palisade.ips.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.stream.StreamReassembler;
import dev.palisade.stream.StreamReassembler.StreamLimits;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The engine behind the real stream reassembler: out-of-order segments, several flows, flow end. */
class MqttEngineTest {

    @Test
    void segmentsOutOfOrderAndFlowsInterleaved() {
        Recorder r = new Recorder();
        MqttEngine engine = new MqttEngine(4, MqttLimits.DEFAULTS, r);
        StreamReassembler reassembler = new StreamReassembler(4, StreamLimits.DEFAULTS);
        byte[] client = MqttPackets.concat(MqttPackets.connect(5, "a"), MqttPackets.publish(5, 1, 3, "t/1", "x".repeat(300)));
        byte[] server = MqttPackets.concat(MqttPackets.connack(5, 0), MqttPackets.ack(4, 3));
        for (int flow = 0; flow < 2; flow++) {
            reassembler.open(flow, 0, 1000);
            reassembler.open(flow, 1, 5000);
        }
        // Flow 0: client bytes in three segments, the last two swapped; flow 1 in one segment each.
        int a = 10;
        int b = 200;
        reassembler.segment(0, 0, 1000, client, 0, a, engine);
        reassembler.segment(1, 0, 1000, client, 0, client.length, engine);
        reassembler.segment(0, 0, 1000 + b, Arrays.copyOfRange(client, b, client.length), 0, client.length - b, engine);
        reassembler.segment(0, 0, 1000 + a, Arrays.copyOfRange(client, a, b), 0, b - a, engine);
        reassembler.segment(0, 1, 5000, server, 0, server.length, engine);
        reassembler.segment(1, 1, 5000, server, 0, server.length, engine);
        assertThat(r.completed).extracting(Recorder.Tx::flow).containsExactly(0, 0, 1, 1);
        assertThat(r.types()).containsExactly("connect+connack", "publish+puback", "connect+connack", "publish+puback");
        assertThat(engine.existing(2)).isNull();
        engine.data(2, 0, MqttPackets.connect(4, "c"), 0, MqttPackets.connect(4, "c").length);
        assertThat(engine.session(2).openTransactions()).isEqualTo(1);
        engine.close(2);
        assertThat(engine.existing(2)).isNull();
        assertThat(r.types()).last().isEqualTo("connect");
        // The PUBLISH of each flow went before the broker's CONNACK: unintroduced, as Suricata says.
        assertThat(r.anomalies).containsExactly("unintroduced_message", "unintroduced_message");
    }
}
