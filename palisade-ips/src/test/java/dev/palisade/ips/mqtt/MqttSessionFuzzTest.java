package dev.palisade.ips.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary byte streams in both directions, cut into arbitrary calls, never make the session
 * throw, and its memory stays bounded: buffered bytes within the message limit, open transactions
 * within the transaction limit. Every transaction handed out is also written as EVE and evaluated
 * by every keyword, so the readers of the decoded offsets are fuzzed too; frames are registered
 * and consumed as the protector does, and each frame lies within the bytes received.
 *
 * <p>{@link #arbitraryStreams} is a Jazzer target: plain {@code mvn test} runs its regression
 * inputs; {@code JAZZER_FUZZ=1 mvn test -pl palisade-ips -Dtest=MqttSessionFuzzTest} fuzzes it.
 * {@link #mutatedConversations} runs on every build with seeded mutations of valid conversations.
 */
class MqttSessionFuzzTest {

    private static final MqttLimits LIMITS = new MqttLimits(4096, 8, 4);

    private static final MqttCondition[] CONDITIONS = conditions();

    private static MqttCondition[] conditions() {
        MqttKeywords k = new MqttKeywords();
        String[][] forms = {{"mqtt.type", "PUBLISH"}, {"mqtt.type", "CONNACK,-1"}, {"mqtt.type", "AUTH,all"},
            {"mqtt.flags", "dup,!retain"}, {"mqtt.qos", "2"}, {"mqtt.protocol_version", ">3"},
            {"mqtt.connect.flags", "will,!password"}, {"mqtt.connack.session_present", "true"},
            {"mqtt.reason_code", "<200"}, {"mqtt.reason_code", "0,-1"}};
        MqttCondition[] out = new MqttCondition[forms.length];
        for (int i = 0; i < forms.length; i++) {
            out[i] = (MqttCondition) k.parse(forms[i][0], forms[i][1]);
        }
        return out;
    }

    /** Exercises everything a consumer may read from a transaction. */
    static final class Reader implements MqttListener {
        final MqttEveWriter writer = new MqttEveWriter(MqttEveOptions.SURICATA);
        final MqttSlice slice = new MqttSlice();
        final MqttPropertyCursor cursor = new MqttPropertyCursor();
        long seen;

        @Override
        public void message(int flow, MqttTransaction tx, MqttMessage message) {
            for (MqttCondition c : CONDITIONS) {
                c.matches(tx);
            }
            for (MqttBuffer b : MqttBuffer.values()) {
                int n = b.count(tx);
                for (int i = 0; i < n; i++) {
                    assertThat(b.get(tx, i, slice)).isTrue();
                    assertThat(slice.offset() + slice.length()).isLessThanOrEqualTo(slice.array().length);
                }
            }
            cursor.reset(message, MqttField.PROPERTIES);
            int props = 0;
            while (cursor.next()) {
                props++;
                assertThat(props).isLessThanOrEqualTo(message.bodyLength());
            }
            seen++;
        }

        @Override
        public void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction) {
            assertThat(direction).isBetween(0, 1);
        }

        @Override
        public void completed(int flow, MqttTransaction tx) {
            Recorder.eve(writer, tx);
        }
    }

    static void feed(byte[] data, int[] cuts) {
        Reader reader = new Reader();
        MqttSession session = new MqttSession(3, LIMITS, reader);
        session.registerFrames(true);
        MqttFrames frames = session.frames();
        MqttFrame frame = new MqttFrame();
        long[] lastId = {1, 1};
        long[] received = new long[2];
        int off = 0;
        int i = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, Math.max(1, cuts[i % cuts.length]));
            int direction = cuts[i % cuts.length] & 1;
            int due = frames.packet(direction);
            checkFrames(frames, direction, due, frame, lastId, received);
            frames.consume(direction, due);
            session.data(direction, data, off, n);
            received[direction] += n;
            off += n;
            i++;
            assertThat(session.bufferedBytes()).isLessThanOrEqualTo(2 * (LIMITS.maxMessageLength() + 5));
            assertThat(session.openTransactions()).isLessThanOrEqualTo(LIMITS.maxTransactions());
        }
        session.close();
        assertThat(session.openTransactions()).isZero();
    }

    /** Frames due are in id order, lie within the bytes received, and hold no more than their length. */
    private static void checkFrames(MqttFrames frames, int direction, int due, MqttFrame frame, long[] lastId, long[] received) {
        assertThat(due).isBetween(0, frames.pending(direction));
        for (int k = 0; k < due; k++) {
            frames.frame(direction, k, frame);
            assertThat(frame.id()).isGreaterThan(lastId[direction]);
            lastId[direction] = frame.id();
            assertThat(frame.streamOffset() + frame.length()).isLessThanOrEqualTo(received[direction]);
            assertThat(frame.available()).isBetween(0, frame.length());
            assertThat(frame.offset() + frame.available()).isLessThanOrEqualTo(frame.array().length);
        }
        assertThat(frames.retainedBytes()).isLessThanOrEqualTo(2L * MqttFrames.MAX_BYTES);
    }

    @FuzzTest(maxDuration = "70s")
    void arbitraryStreams(FuzzedDataProvider data) {
        int[] cuts = new int[1 + data.consumeInt(0, 15)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(1, 300);
        }
        feed(data.consumeRemainingAsBytes(), cuts);
    }

    @Test
    void mutatedConversations() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int level : new int[] {3, 4, 5}) {
            byte[] base = MqttPackets.concat(MqttSessionTest.conversation(level).stream()
                    .map(MqttSessionTest.Turn::bytes).toArray(byte[][]::new));
            for (int round = 0; round < 3000; round++) {
                byte[] m = base.clone();
                int flips = 1 + random.nextInt(6);
                for (int f = 0; f < flips; f++) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
                int[] cuts = new int[1 + random.nextInt(8)];
                for (int i = 0; i < cuts.length; i++) {
                    cuts[i] = 1 + random.nextInt(64);
                }
                feed(m, cuts);
            }
        }
    }
}
