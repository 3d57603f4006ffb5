package dev.palisade.ips.mqtt;

import static dev.palisade.ips.mqtt.MqttPackets.concat;
import static dev.palisade.ips.mqtt.MqttPackets.connack;
import static dev.palisade.ips.mqtt.MqttPackets.connect;
import static dev.palisade.ips.mqtt.MqttPackets.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frame registration of {@link MqttSession} and the inspection bookkeeping of {@link MqttFrames}. */
class MqttFramesTest {

    /** One frame as text: type, id, stream offset, length, held bytes in hex, complete. */
    static List<String> frames(MqttFrames f, int direction) {
        List<String> out = new ArrayList<>();
        MqttFrame v = new MqttFrame();
        for (int i = 0; i < f.pending(direction); i++) {
            f.frame(direction, i, v);
            out.add(v.type().frameName() + " " + v.id() + " @" + v.streamOffset() + " len " + v.length() + " "
                    + HexFormat.of().formatHex(v.array(), v.offset(), v.offset() + v.available()) + (v.complete() ? "" : " partial"));
        }
        return out;
    }

    static MqttSession session(MqttLimits limits) {
        MqttSession s = new MqttSession(1, limits, MqttListener.NONE);
        s.registerFrames(true);
        return s;
    }

    @Test
    void offByDefaultNothingIsRegistered() {
        MqttSession s = new MqttSession(1, MqttLimits.DEFAULTS, MqttListener.NONE);
        byte[] c = connect(4, "x");
        s.data(0, c, 0, c.length);
        assertThat(s.frames()).isNull();
    }

    @Test
    void eachPacketGivesPduHeaderAndDataWithSuricatasIds() {
        MqttSession s = session(MqttLimits.DEFAULTS);
        byte[] c = connect(4, "id"); // 10 0e | 00 04 M Q T T 04 02 00 3c 00 02 i d
        byte[] a = connack(4, 0); // 20 02 | 00 00
        s.data(0, c, 0, c.length);
        s.data(1, a, 0, a.length);
        String body = HexFormat.of().formatHex(c, 2, c.length);
        // Id 1 of each direction is the stream frame Suricata opens on the direction's first data.
        assertThat(frames(s.frames(), 0)).containsExactly(
                "pdu 2 @0 len " + c.length + " " + HexFormat.of().formatHex(c),
                "header 3 @0 len 2 " + HexFormat.of().formatHex(c, 0, 2),
                "data 4 @2 len " + (c.length - 2) + " " + body);
        assertThat(frames(s.frames(), 1)).containsExactly(
                "pdu 2 @0 len 4 20020000", "header 3 @0 len 2 2002", "data 4 @2 len 2 0000");
    }

    @Test
    void severalPacketsInOneCallPlaceHeaderAndDataAtTheSliceStartAsSuricataDoes() {
        MqttSession s = session(MqttLimits.DEFAULTS);
        byte[] c = connect(4, "id");
        s.data(0, c, 0, c.length);
        byte[] u2 = unsubscribe(4, 2, "topicX"); // a2 0a | 00 02 00 06 topicX
        byte[] u3 = unsubscribe(4, 3, "topicY");
        byte[] both = concat(u2, u3);
        s.data(0, both, 0, both.length);
        List<String> f = frames(s.frames(), 0);
        int at = c.length;
        String u2hex = HexFormat.of().formatHex(u2);
        String u2data = HexFormat.of().formatHex(u2, 2, u2.length);
        assertThat(f.subList(3, 9)).containsExactly(
                "pdu 5 @" + at + " len " + u2.length + " " + u2hex,
                "header 6 @" + at + " len 2 a20a",
                "data 7 @" + (at + 2) + " len 10 " + u2data,
                "pdu 8 @" + (at + u2.length) + " len " + u3.length + " " + HexFormat.of().formatHex(u3),
                // the second packet's header and data frames are read at the start of the slice: the first packet's bytes
                "header 9 @" + at + " len 2 a20a",
                "data 10 @" + (at + 2) + " len 10 " + u2data);
    }

    @Test
    void aPacketSplitOverCallsIsFramedWhenWholeWithItsStreamOffset() {
        MqttSession s = session(MqttLimits.DEFAULTS);
        byte[] c = connect(4, "id");
        byte[] u = unsubscribe(4, 2, "t");
        byte[] all = concat(c, u);
        s.data(0, all, 0, c.length + 1);
        s.data(0, all, c.length + 1, 3);
        s.data(0, all, c.length + 4, all.length - c.length - 4);
        assertThat(frames(s.frames(), 0).subList(3, 6)).containsExactly(
                "pdu 5 @" + c.length + " len " + u.length + " " + HexFormat.of().formatHex(u),
                "header 6 @" + c.length + " len 2 " + HexFormat.of().formatHex(u, 0, 2),
                "data 7 @" + (c.length + 2) + " len " + (u.length - 2) + " " + HexFormat.of().formatHex(u, 2, u.length));
    }

    @Test
    void aTruncatedPacketGivesAnEmptyPduFrameOnlyAndTheNextPacketKeepsCounting() {
        MqttSession s = session(new MqttLimits(8, 1024, 1024));
        byte[] big = connect(4, "a-long-client-identifier");
        byte[] a = connack(4, 0);
        byte[] both = concat(big, a);
        // the long packet (skipped) and a CONNACK-shaped packet after it, in two calls
        s.data(0, both, 0, 10);
        s.data(0, both, 10, both.length - 10);
        // As in Suricata, the CONNACK's header and data frames sit at the start of the second call's
        // slice, which begins with the skipped rest of the long packet.
        assertThat(frames(s.frames(), 0)).containsExactly(
                "pdu 2 @0 len 0 ",
                "pdu 3 @" + big.length + " len 4 20020000",
                "header 4 @10 len 2 " + HexFormat.of().formatHex(both, 10, 12),
                "data 5 @12 len 2 " + HexFormat.of().formatHex(both, 12, 14));
    }

    @Test
    void framesBecomeDueOnTheirDirectionsNextPacketAfterAPeerPacket() {
        MqttSession s = session(MqttLimits.DEFAULTS);
        MqttFrames f = s.frames();
        byte[] c = connect(4, "id");
        assertThat(f.packet(0)).isZero();
        s.data(0, c, 0, c.length);
        assertThat(f.packet(0)).as("another client packet before any server packet").isZero();
        assertThat(f.packet(1)).as("a server packet: nothing of its own is pending").isZero();
        assertThat(f.packet(0)).as("the client's next packet inspects the CONNECT's frames").isEqualTo(3);
        f.consume(0, 3);
        assertThat(f.pending(0)).isZero();
        assertThat(f.packet(0)).isZero();
    }

    @Test
    void consumingKeepsTheRestAndItsBytes() {
        MqttFrames f = new MqttFrames();
        byte[] src = {1, 2, 3, 4, 5, 6};
        f.add(0, MqttFrameType.PDU, 0, 2, src, 0);
        f.add(0, MqttFrameType.DATA, 2, 4, src, 2);
        f.consume(0, 1);
        MqttFrame v = f.frame(0, 0, new MqttFrame());
        assertThat(v.type()).isEqualTo(MqttFrameType.DATA);
        assertThat(v.id()).isEqualTo(3);
        assertThat(HexFormat.of().formatHex(v.array(), v.offset(), v.offset() + v.available())).isEqualTo("03040506");
        assertThatThrownBy(() -> f.frame(0, 1, new MqttFrame())).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void boundedInFramesAndBytes() {
        MqttFrames f = new MqttFrames();
        byte[] big = new byte[MqttFrames.MAX_BYTES / 2 + 1];
        f.add(0, MqttFrameType.PDU, 0, big.length, big, 0);
        f.add(0, MqttFrameType.PDU, big.length, big.length, big, 0);
        MqttFrame v = f.frame(0, 1, new MqttFrame());
        assertThat(v.complete()).isFalse();
        assertThat(v.available()).isEqualTo(MqttFrames.MAX_BYTES - big.length);
        for (int i = 2; i < MqttFrames.MAX_FRAMES + 5; i++) {
            f.add(1, MqttFrameType.HEADER, i, 0, big, 0);
        }
        assertThat(f.pending(1)).isEqualTo(MqttFrames.MAX_FRAMES);
        assertThat(f.dropped()).isEqualTo(3);
        assertThat(f.retainedBytes()).isLessThanOrEqualTo(MqttFrames.MAX_BYTES);
    }

    @Test
    void keywordsDeclareTheThreeFrames() {
        MqttKeywords k = new MqttKeywords();
        assertThat(k.isBuffer("frame:mqtt.pdu")).isTrue();
        assertThat(k.isBuffer("frame:mqtt.header")).isTrue();
        assertThat(k.isBuffer("frame:mqtt.data")).isTrue();
        assertThat(k.isBuffer("frame:mqtt.stream")).isFalse();
        assertThat(k.isBuffer("frame:modbus.pdu")).isFalse();
        assertThat(MqttFrameType.byKeyword("frame:mqtt.header")).isEqualTo(MqttFrameType.HEADER);
    }
}
