package dev.palisade.ips.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive in either direction, however cut, the engine never throws, keeps its
 * memory bounded (waiting requests, pooled transactions), completes every transaction exactly
 * once and can write each as EVE; the keyword parser refuses bad text only with
 * IllegalArgumentException. Jazzer targets for real fuzzing ({@code JAZZER_FUZZ=1}), and a
 * seeded mutation run over valid exchanges that always runs in {@code mvn test}.
 */
class ModbusInspectorFuzzTest {

    private static final int FLOWS = 3;
    private static final int MAX_PENDING = 8;

    /** Checks the listener contract while it records. */
    private static final class Checker implements ModbusListener {
        final Set<String> open = new HashSet<>();
        long completed;

        @Override
        public void message(ModbusTransaction tx, int direction) {
            assertThat(direction == 0 ? tx.hasRequest() : tx.hasResponse()).isTrue();
            assertThat(tx.inspected()).isNotNull();
            ModbusMessage m = direction == 0 ? tx.request() : tx.response();
            assertThat(m.size()).isBetween(6, ModbusMessage.MAX_ADU);
            assertThat(m.dataOffset() + m.dataLength()).isLessThanOrEqualTo(m.size());
            open.add(tx.flow() + "/" + tx.id());
        }

        @Override
        public void anomaly(ModbusTransaction tx, ModbusEvent event, int direction) {
            assertThat(tx.hasEvent(event)).isTrue();
        }

        @Override
        public void completed(ModbusTransaction tx) {
            assertThat(open.remove(tx.flow() + "/" + tx.id())).as("completed once, after a message").isTrue();
            assertThat(Adu.json(tx)).startsWith("{\"modbus\":{\"id\":" + tx.id());
            completed++;
        }
    }

    private static void checkBounds(ModbusInspector inspector) {
        for (int f = 0; f < FLOWS; f++) {
            assertThat(inspector.pendingRequests(f)).isLessThanOrEqualTo(MAX_PENDING);
        }
        // waiting requests of every flow, plus the one being delivered
        assertThat(inspector.transactionsAllocated()).isLessThanOrEqualTo(FLOWS * MAX_PENDING + 1);
    }

    @FuzzTest(maxDuration = "60s")
    void arbitraryStreams(FuzzedDataProvider data) {
        Checker checker = new Checker();
        ModbusInspector inspector = new ModbusInspector(FLOWS,
                new ModbusSettings(data.consumeInt(0, 20), MAX_PENDING, data.consumeInt(0, 4)), checker);
        for (int f = 0; f < FLOWS; f++) {
            inspector.open(f, data.consumeBoolean());
        }
        while (data.remainingBytes() > 0) {
            int op = data.consumeInt(0, 15);
            int flow = data.consumeInt(0, FLOWS - 1);
            if (op == 0) {
                inspector.close(flow);
                inspector.open(flow, data.consumeBoolean());
                continue;
            }
            byte[] chunk = data.consumeBytes(data.consumeInt(0, 300));
            inspector.data(flow, op & 1, chunk, 0, chunk.length);
            checkBounds(inspector);
        }
        for (int f = 0; f < FLOWS; f++) {
            inspector.close(f);
        }
        assertThat(checker.open).as("every transaction completed").isEmpty();
    }

    @FuzzTest(maxDuration = "30s")
    void keywordText(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            ModbusCondition c = ModbusKeywords.parseCondition(text);
            assertThat(c.keyword()).isEqualTo("modbus");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Test
    void seededMutationsOfValidExchanges() {
        byte[][] units = {
            Adu.of(1, 1, 0x03, 0x00, 0x6b, 0x00, 0x03), Adu.of(1, 1, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64),
            Adu.of(2, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x02, 0xcd, 0x01), Adu.of(2, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a),
            Adu.of(3, 1, 0x2b, 0x0e, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x02, 0x41, 0x42),
            Adu.of(4, 1, 0x17, 0x00, 0x03, 0x00, 0x06, 0x00, 0x0e, 0x00, 0x01, 0x02, 0x00, 0xff),
            Adu.of(5, 1, 0x14, 0x0c, 0x05, 0x06, 0x0d, 0xfe, 0x00, 0x20, 0x05, 0x06, 0x33, 0xcd, 0x00, 0x40),
            Adu.of(6, 1, 0x15, 0x0d, 0x06, 0x00, 0x04, 0x00, 0x07, 0x00, 0x03, 0x06, 0xaf, 0x04, 0xbe, 0x10, 0x0d),
            Adu.of(7, 1, 0x18, 0x00, 0x06, 0x00, 0x02, 0x01, 0xb8, 0x12, 0x84), Adu.of(8, 1, 0x0c, 0x08, 0, 0, 1, 8, 1, 0x21, 0x20, 0),
            Adu.of(9, 1, 0x08, 0x00, 0x00, 0x41), Adu.of(9, 1, 0x88, 0x0b), Adu.of(10, 1, 0x5a, 0x00, 0x02)};
        SplittableRandom random = new SplittableRandom(20261125);
        long completed = 0;
        for (int run = 0; run < 1000; run++) {
            Checker checker = new Checker();
            ModbusInspector inspector = new ModbusInspector(FLOWS, new ModbusSettings(4, MAX_PENDING, 2), checker);
            for (int f = 0; f < FLOWS; f++) {
                inspector.open(f, random.nextBoolean());
            }
            for (int step = 0; step < 20; step++) {
                byte[] unit = units[random.nextInt(units.length)].clone();
                int mutations = random.nextInt(4);
                for (int k = 0; k < mutations; k++) {
                    unit[random.nextInt(unit.length)] = (byte) random.nextInt(256);
                }
                int flow = random.nextInt(FLOWS);
                int dir = random.nextInt(2);
                int at = 0;
                while (at < unit.length) {
                    int n = Math.min(1 + random.nextInt(unit.length), unit.length - at);
                    inspector.data(flow, dir, unit, at, n);
                    at += n;
                }
                checkBounds(inspector);
            }
            for (int f = 0; f < FLOWS; f++) {
                inspector.close(f);
            }
            assertThat(checker.open).isEmpty();
            completed += checker.completed;
        }
        assertThat(completed).isGreaterThan(3_000);
    }

    @Test
    void keywordParserThrowsOnlyIllegalArgument() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "functionaccessunitsubaddressvaluereadwritecoilsholding!<>, 0123456789\"";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(40);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                ModbusKeywords.parseCondition(sb.toString());
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThatThrownBy(() -> ModbusKeywords.parseCondition(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
