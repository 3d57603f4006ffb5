package dev.palisade.ips.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine over byte streams: framing across calls, pairing by transaction id, every anomaly
 * event and when it fires, midstream pickup with its grace period, connections whose first PDU is
 * odd, the request-flood threshold, bounded waiting requests, and reuse of transactions.
 */
class ModbusInspectorTest {

    private static final int CLIENT = 0;
    private static final int SERVER = 1;

    // read holding registers 0x006B x3 (tid 1, unit 1) and its response 022B 0000 0064
    private static final byte[] READ_REQ = Adu.of(1, 1, 0x03, 0x00, 0x6b, 0x00, 0x03);
    private static final byte[] READ_RESP = Adu.of(1, 1, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64);

    private final Recorder rec = new Recorder();

    private ModbusInspector inspector(ModbusSettings settings) {
        return new ModbusInspector(4, settings, rec);
    }

    private ModbusInspector fresh() {
        ModbusInspector i = inspector(ModbusSettings.DEFAULTS);
        i.open(0, false);
        return i;
    }

    private static void feed(ModbusInspector i, int dir, byte[] b) {
        i.data(0, dir, b, 0, b.length);
    }

    @Test
    void requestAndResponseMakeOneTransaction() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, READ_REQ);
        assertThat(rec.log).containsExactly("message #1 0");
        assertThat(i.pendingRequests(0)).isEqualTo(1);
        feed(i, SERVER, READ_RESP);
        assertThat(rec.log).containsExactly("message #1 0", "message #1 1", "completed #1");
        assertThat(rec.eve).containsExactly("{\"modbus\":{\"id\":1,\"request\":{\"transaction_id\":1,\"protocol_id\":0,"
                + "\"unit_id\":1,\"function_raw\":3,\"function_code\":\"RdHoldRegs\",\"access_type\":\"READ | HOLDING\","
                + "\"category\":\"PUBLIC_ASSIGNED\",\"error_flags\":\"NONE\",\"read\":{\"address\":107,\"quantity\":3}},"
                + "\"response\":{\"transaction_id\":1,\"protocol_id\":0,\"unit_id\":1,\"function_raw\":3,"
                + "\"function_code\":\"RdHoldRegs\",\"access_type\":\"READ | HOLDING\",\"category\":\"PUBLIC_ASSIGNED\","
                + "\"error_flags\":\"NONE\",\"read\":{\"data\":\"\\u0002+\\u0000\\u0000\\u0000d\"}}}}");
        assertThat(i.pendingRequests(0)).isZero();
        assertThat(rec.anomalies).isEmpty();
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 6, 7, 11, 13, 64})
    void framingDoesNotDependOnHowTheStreamIsCut(int chunk) {
        ModbusInspector i = fresh();
        // three pipelined requests, then three responses, each stream cut into equal chunks
        byte[] requests = Adu.concat(Adu.of(1, 1, 0x01, 0x00, 0x00, 0x00, 0x08), Adu.of(2, 1, 0x03, 0x00, 0x01, 0x00, 0x01),
                Adu.of(3, 1, 0x10, 0x00, 0x01, 0x00, 0x01, 0x02, 0x12, 0x34));
        byte[] responses = Adu.concat(Adu.of(1, 1, 0x01, 0x01, 0x55), Adu.of(2, 1, 0x03, 0x02, 0x00, 0x07),
                Adu.of(3, 1, 0x10, 0x00, 0x01, 0x00, 0x01));
        for (int at = 0; at < requests.length; at += chunk) {
            i.data(0, CLIENT, requests, at, Math.min(chunk, requests.length - at));
        }
        for (int at = 0; at < responses.length; at += chunk) {
            i.data(0, SERVER, responses, at, Math.min(chunk, responses.length - at));
        }
        assertThat(rec.log).containsExactly("message #1 0", "message #2 0", "message #3 0",
                "message #1 1", "completed #1", "message #2 1", "completed #2", "message #3 1", "completed #3");
        assertThat(rec.anomalies).isEmpty();
        assertThat(i.pdus()).isEqualTo(6);
    }

    @Test
    void aUnitSplitAtTheHeaderBoundaryInAnOffsetBuffer() {
        ModbusInspector i = fresh();
        byte[] big = new byte[100];
        System.arraycopy(READ_REQ, 0, big, 40, READ_REQ.length);
        i.data(0, CLIENT, big, 40, 6);
        assertThat(rec.log).isEmpty();
        i.data(0, CLIENT, big, 46, 6);
        assertThat(rec.log).containsExactly("message #1 0");
    }

    @Test
    void responsesPairByTransactionIdOutOfOrder() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, Adu.concat(Adu.of(7, 1, 0x06, 0x00, 0x01, 0x00, 0x03), Adu.of(8, 1, 0x06, 0x00, 0x02, 0x00, 0x04)));
        feed(i, SERVER, Adu.of(8, 1, 0x06, 0x00, 0x02, 0x00, 0x04));
        feed(i, SERVER, Adu.of(7, 1, 0x06, 0x00, 0x01, 0x00, 0x03));
        assertThat(rec.log).containsExactly("message #1 0", "message #2 0", "message #2 1", "completed #2",
                "message #1 1", "completed #1");
        assertThat(rec.anomalies).isEmpty();
    }

    @Test
    void anExceptionResponsePairsWithItsRequest() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, READ_REQ);
        feed(i, SERVER, Adu.of(1, 1, 0x83, 0x02));
        assertThat(rec.anomalies).isEmpty();
        assertThat(rec.eve.getFirst()).contains("\"request\":").contains("\"exception\":{\"raw\":2,\"code\":\"IllegalDataAddr\"}");
    }

    @Test
    void aResponseFromAnotherUnitOrFunctionDoesNotPair() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, READ_REQ);
        feed(i, SERVER, Adu.of(1, 2, 0x03, 0x02, 0x00, 0x01));
        feed(i, SERVER, Adu.of(1, 1, 0x04, 0x02, 0x00, 0x01));
        assertThat(rec.anomalies).containsExactly("unsolicited_response", "unsolicited_response");
        assertThat(i.pendingRequests(0)).isEqualTo(1);
    }

    @Test
    void unsolicitedResponseOnAConnectionSeenFromItsStart() {
        ModbusInspector i = fresh();
        feed(i, SERVER, READ_RESP);
        assertThat(rec.log).containsExactly("anomaly #1 unsolicited_response 1", "message #1 1", "completed #1");
        assertThat(rec.eve.getFirst()).doesNotContain("\"request\"");
    }

    @Test
    void invalidProtocolId() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, Adu.withProtocol(1, 5, 1, 0x03, 0x00, 0x6b, 0x00, 0x03));
        assertThat(rec.log).containsExactly("anomaly #1 invalid_protocol_id 0", "message #1 0");
    }

    @Test
    void invalidLengthOutOfRangeSkipsWhatTheLengthCoversAndKeepsFraming() {
        ModbusInspector i = fresh();
        // length 300: a server reads 300 bytes after the header; so do we, without keeping them
        byte[] junk = new byte[300];
        feed(i, CLIENT, Adu.concat(Adu.header(9, 0, 300), junk, READ_REQ));
        assertThat(rec.log).containsExactly("anomaly #1 invalid_length 0", "message #1 0", "completed #1", "message #2 0");
        assertThat(rec.eve.getFirst()).isEqualTo("{\"modbus\":{\"id\":1,\"request\":{\"transaction_id\":9,\"protocol_id\":0,"
                + "\"unit_id\":0,\"function_raw\":0,\"function_code\":\"Unknown\",\"access_type\":\"NONE\",\"category\":\"NONE\","
                + "\"error_flags\":\"DATA_LENGTH\"}}}");
        rec.clear();
        // length 1 (unit id only), header split across calls
        byte[] shortOne = Adu.concat(Adu.header(10, 0, 1), new byte[] {1}, READ_REQ);
        i.data(0, CLIENT, shortOne, 0, 3);
        i.data(0, CLIENT, shortOne, 3, shortOne.length - 3);
        assertThat(rec.anomalies).containsExactly("invalid_length");
        assertThat(rec.log).endsWith("message #4 0");
    }

    @Test
    void invalidLengthForTheFunction() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, Adu.of(1, 1, 0x03, 0x00, 0x6b, 0x00));
        assertThat(rec.anomalies).containsExactly("invalid_length");
    }

    @Test
    void invalidUnitIdentifierInTheReservedRange() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, Adu.of(1, 250, 0x03, 0x00, 0x6b, 0x00, 0x03));
        feed(i, CLIENT, Adu.of(2, 255, 0x03, 0x00, 0x6b, 0x00, 0x03));
        feed(i, CLIENT, Adu.of(3, 0, 0x03, 0x00, 0x6b, 0x00, 0x03));
        assertThat(rec.anomalies).containsExactly("invalid_unit_identifier");
    }

    @Test
    void invalidFunctionCode() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, Adu.of(1, 1, 0x00));
        feed(i, CLIENT, Adu.of(2, 1, 0x83, 0x00, 0x01, 0x00, 0x01));
        assertThat(rec.anomalies).containsExactly("invalid_function_code", "invalid_function_code");
    }

    @Test
    void invalidValue() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, Adu.of(1, 1, 0x05, 0x00, 0x01, 0x12, 0x34));
        assertThat(rec.log).containsExactly("anomaly #1 invalid_value 0", "message #1 0");
    }

    @Test
    void invalidExceptionCode() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, READ_REQ);
        feed(i, SERVER, Adu.of(1, 1, 0x83, 0x0c));
        assertThat(rec.log).containsExactly("message #1 0", "anomaly #1 invalid_exception_code 1", "message #1 1", "completed #1");
    }

    @Test
    void valueMismatchWhenTheResponseContradictsTheRequest() {
        ModbusInspector i = fresh();
        // asked for 3 registers, got 2
        feed(i, CLIENT, READ_REQ);
        feed(i, SERVER, Adu.of(1, 1, 0x03, 0x04, 0x00, 0x01, 0x00, 0x02));
        // write echo with another value
        feed(i, CLIENT, Adu.of(2, 1, 0x06, 0x00, 0x01, 0x00, 0x03));
        feed(i, SERVER, Adu.of(2, 1, 0x06, 0x00, 0x01, 0x00, 0x04));
        // 10 coils need 2 bytes
        feed(i, CLIENT, Adu.of(3, 1, 0x01, 0x00, 0x00, 0x00, 0x0a));
        feed(i, SERVER, Adu.of(3, 1, 0x01, 0x01, 0xff));
        // multiple-write echo with another quantity
        feed(i, CLIENT, Adu.of(4, 1, 0x10, 0x00, 0x01, 0x00, 0x01, 0x02, 0x12, 0x34));
        feed(i, SERVER, Adu.of(4, 1, 0x10, 0x00, 0x01, 0x00, 0x02));
        // diagnostic echo with another sub-function
        feed(i, CLIENT, Adu.of(5, 1, 0x08, 0x00, 0x00, 0x12, 0x34));
        feed(i, SERVER, Adu.of(5, 1, 0x08, 0x00, 0x00, 0x12, 0x35));
        assertThat(rec.anomalies).containsExactly("value_mismatch", "value_mismatch", "value_mismatch", "value_mismatch",
                "value_mismatch");
        rec.clear();
        // correct answers raise nothing: 10 coils in 2 bytes, mask write echo, read/write 2 registers, MEI type
        feed(i, CLIENT, Adu.of(6, 1, 0x01, 0x00, 0x00, 0x00, 0x0a));
        feed(i, SERVER, Adu.of(6, 1, 0x01, 0x02, 0xff, 0x03));
        feed(i, CLIENT, Adu.of(7, 1, 0x16, 0x00, 0x04, 0x00, 0xf2, 0x00, 0x25));
        feed(i, SERVER, Adu.of(7, 1, 0x16, 0x00, 0x04, 0x00, 0xf2, 0x00, 0x25));
        feed(i, CLIENT, Adu.of(8, 1, 0x17, 0x00, 0x03, 0x00, 0x02, 0x00, 0x0e, 0x00, 0x01, 0x02, 0x00, 0xff));
        feed(i, SERVER, Adu.of(8, 1, 0x17, 0x04, 0x00, 0xfe, 0x0a, 0xcd));
        feed(i, CLIENT, Adu.of(9, 1, 0x2b, 0x0e, 0x01, 0x00));
        feed(i, SERVER, Adu.of(9, 1, 0x2b, 0x0e, 0x01, 0x01, 0x00, 0x00, 0x00));
        assertThat(rec.anomalies).isEmpty();
    }

    @Test
    void requestFloodAtTheThresholdOnceUntilTheBacklogShrinks() {
        ModbusInspector i = inspector(new ModbusSettings(5, 64, 16));
        i.open(0, false);
        for (int t = 1; t <= 7; t++) {
            feed(i, CLIENT, Adu.of(t, 1, 0x03, 0x00, 0x01, 0x00, 0x01));
        }
        // five unanswered requests were waiting when the sixth came
        assertThat(rec.log).contains("anomaly #6 flooded 0");
        assertThat(rec.anomalies).containsExactly("flooded");
        // answers bring the backlog below the threshold; the next flood is raised again
        for (int t = 1; t <= 4; t++) {
            feed(i, SERVER, Adu.of(t, 1, 0x03, 0x02, 0x00, 0x01));
        }
        feed(i, CLIENT, Adu.of(20, 1, 0x03, 0x00, 0x01, 0x00, 0x01));
        feed(i, CLIENT, Adu.of(21, 1, 0x03, 0x00, 0x01, 0x00, 0x01));
        feed(i, CLIENT, Adu.of(22, 1, 0x03, 0x00, 0x01, 0x00, 0x01));
        assertThat(rec.anomalies).containsExactly("flooded", "flooded");
    }

    @Test
    void floodDetectionCanBeTurnedOff() {
        ModbusInspector i = inspector(ModbusSettings.DEFAULTS.withRequestFloodThreshold(0));
        i.open(0, false);
        for (int t = 0; t < 600; t++) {
            feed(i, CLIENT, Adu.of(t, 1, 0x03, 0x00, 0x01, 0x00, 0x01));
        }
        assertThat(rec.anomalies).isEmpty();
    }

    @Test
    void waitingRequestsAreBoundedTheOldestIsCompletedUnanswered() {
        ModbusInspector i = inspector(new ModbusSettings(500, 3, 16));
        i.open(0, false);
        for (int t = 1; t <= 5; t++) {
            feed(i, CLIENT, Adu.of(t, 1, 0x03, 0x00, 0x01, 0x00, 0x01));
        }
        assertThat(i.pendingRequests(0)).isEqualTo(3);
        assertThat(i.evictedRequests()).isEqualTo(2);
        assertThat(rec.log).filteredOn(s -> s.startsWith("completed")).containsExactly("completed #1", "completed #2");
        assertThat(rec.eve.getFirst()).contains("\"transaction_id\":1").doesNotContain("\"response\"");
    }

    @Test
    void closeCompletesWaitingRequestsAndReopenStartsAfresh() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, READ_REQ);
        feed(i, CLIENT, Adu.of(2, 1, 0x03, 0x00));
        i.close(0);
        assertThat(rec.log).endsWith("completed #1", "completed #2");
        assertThat(i.isOpen(0)).isFalse();
        rec.clear();
        i.open(0, false);
        feed(i, SERVER, READ_RESP);
        assertThat(rec.anomalies).containsExactly("unsolicited_response");
        assertThat(rec.log).contains("message #1 1");
    }

    @Test
    void anOddFirstPduDoesNotBlindTheEngine() {
        for (int odd : new int[] {0x00, 0x5a}) {
            rec.clear();
            ModbusInspector i = fresh();
            feed(i, CLIENT, Adu.of(1, 1, odd, 0x00, 0x02));
            feed(i, SERVER, Adu.of(1, 1, odd, 0x00, 0xfe));
            feed(i, CLIENT, Adu.of(2, 1, 0x06, 0x00, 0x01, 0x00, 0x03));
            feed(i, SERVER, Adu.of(2, 1, 0x06, 0x00, 0x01, 0x00, 0x03));
            // an event is raised once per transaction, though request and response both carry function 0
            assertThat(rec.log).as("function %d first", odd).contains("message #2 0", "message #2 1", "completed #2");
            assertThat(rec.eve.get(1)).contains("\"function_code\":\"WrSingleReg\"");
            assertThat(rec.anomalies).as("function %d first", odd)
                    .containsExactlyElementsOf(odd == 0 ? List.of("invalid_function_code") : List.of());
        }
    }

    @Test
    void midstreamPickupSkipsToTheFirstPlausibleUnitSilently() {
        ModbusInspector i = inspector(ModbusSettings.DEFAULTS);
        i.open(0, true);
        // the tail of a response whose start was before inspection began, then a whole one
        byte[] tail = {0x00, 0x64, 0x00, 0x03, 0x00, 0x11, 0x01};
        feed(i, SERVER, tail);
        assertThat(rec.log).isEmpty();
        assertThat(i.skippedBytes()).isEqualTo(tail.length);
        feed(i, CLIENT, READ_REQ);
        feed(i, SERVER, READ_RESP);
        assertThat(rec.anomalies).isEmpty();
        assertThat(rec.log).containsExactly("message #1 0", "message #1 1", "completed #1");
    }

    @Test
    void midstreamPlausibilityNeedsAConsistentFollower() {
        ModbusInspector i = inspector(ModbusSettings.DEFAULTS);
        i.open(0, true);
        // looks like a header, but the bytes after its length do not start another (protocol id 0x1234)
        byte[] fake = Adu.concat(Adu.of(1, 1, 0x03, 0x00, 0x00), new byte[] {0, 0, 0x12, 0x34, 0, 6});
        feed(i, CLIENT, fake);
        assertThat(rec.log).isEmpty();
        // a request with exception bit cannot start a client stream
        feed(i, CLIENT, Adu.of(1, 1, 0x83, 0x00, 0x01, 0x00, 0x01));
        assertThat(rec.log).isEmpty();
        feed(i, CLIENT, READ_REQ);
        assertThat(rec.log).containsExactly("message #1 0");
    }

    @Test
    void midstreamGraceForgivesEarlyResponsesUntilOnePairs() {
        ModbusInspector i = inspector(ModbusSettings.DEFAULTS);
        i.open(0, true);
        // answers to requests sent before inspection began
        feed(i, SERVER, Adu.of(100, 1, 0x03, 0x02, 0x00, 0x01));
        feed(i, SERVER, Adu.of(101, 1, 0x03, 0x02, 0x00, 0x01));
        assertThat(rec.anomalies).isEmpty();
        assertThat(i.forgivenResponses()).isEqualTo(2);
        assertThat(rec.log).contains("message #1 1", "completed #1", "message #2 1", "completed #2");
        // a pair ends the grace period: the next stray response counts
        feed(i, CLIENT, READ_REQ);
        feed(i, SERVER, READ_RESP);
        feed(i, SERVER, Adu.of(102, 1, 0x03, 0x02, 0x00, 0x01));
        assertThat(rec.anomalies).containsExactly("unsolicited_response");
    }

    @Test
    void midstreamGraceIsBoundedWhenNothingEverPairs() {
        ModbusInspector i = inspector(new ModbusSettings(500, 64, 3));
        i.open(0, true);
        for (int t = 0; t < 5; t++) {
            feed(i, SERVER, Adu.of(t, 1, 0x03, 0x02, 0x00, 0x01));
        }
        assertThat(rec.anomalies).containsExactly("unsolicited_response", "unsolicited_response");
    }

    @Test
    void dataBeforeOpenIsTakenAsMidstream() {
        ModbusInspector i = inspector(ModbusSettings.DEFAULTS);
        i.data(2, SERVER, READ_RESP, 0, READ_RESP.length);
        assertThat(i.isOpen(2)).isTrue();
        assertThat(rec.anomalies).as("within the grace period").isEmpty();
    }

    @Test
    void aConnectionSeenFromItsStartHasNoGraceAndNoSkipping() {
        ModbusInspector i = fresh();
        feed(i, CLIENT, new byte[] {0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01});
        assertThat(rec.log).containsExactly("message #1 0");
        assertThat(i.skippedBytes()).isZero();
    }

    @Test
    void transactionsAreReusedInSteadyState() {
        List<ModbusTransaction> seen = new ArrayList<>();
        ModbusInspector i = new ModbusInspector(1, ModbusSettings.DEFAULTS, new ModbusListener() {
            @Override
            public void message(ModbusTransaction tx, int direction) {
                seen.add(tx);
            }

            @Override
            public void anomaly(ModbusTransaction tx, ModbusEvent event, int direction) {
            }

            @Override
            public void completed(ModbusTransaction tx) {
            }
        });
        i.open(0, false);
        for (int t = 0; t < 50; t++) {
            i.data(0, CLIENT, READ_REQ, 0, READ_REQ.length);
            i.data(0, SERVER, READ_RESP, 0, READ_RESP.length);
        }
        assertThat(seen).hasSize(100);
        assertThat(seen.stream().distinct().count()).isEqualTo(1);
    }

    @Test
    void randomCutsOfARealisticExchangeGiveTheSameTransactions() {
        byte[] requests = Adu.concat(READ_REQ, Adu.of(2, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x02, 0xcd, 0x01),
                Adu.of(3, 1, 0x2b, 0x0e, 0x01, 0x00), Adu.of(4, 1, 0x08, 0x00, 0x00, 0x41, 0x42));
        byte[] responses = Adu.concat(READ_RESP, Adu.of(2, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a),
                Adu.of(3, 1, 0xab, 0x01), Adu.of(4, 1, 0x08, 0x00, 0x00, 0x41, 0x42));
        ModbusInspector whole = fresh();
        feed(whole, CLIENT, requests);
        feed(whole, SERVER, responses);
        List<String> expected = List.copyOf(rec.eve);
        assertThat(requests).hasSize(50);
        assertThat(responses).hasSize(48);
        assertThat(expected).hasSize(4);
        // where each unit ends in its stream: a response may only be sent once its request is complete
        int[] reqEnd = {12, 27, 38, 50};
        int[] respEnd = {15, 27, 36, 48};
        SplittableRandom random = new SplittableRandom(42);
        for (int run = 0; run < 200; run++) {
            rec.clear();
            ModbusInspector i = fresh();
            int a = 0;
            int b = 0;
            while (a < requests.length || b < responses.length) {
                int complete = 0;
                while (complete < reqEnd.length && reqEnd[complete] <= a) {
                    complete++;
                }
                int allowed = complete == 0 ? 0 : respEnd[complete - 1];
                if (a < requests.length && (b >= allowed || random.nextBoolean())) {
                    int n = Math.min(1 + random.nextInt(20), requests.length - a);
                    i.data(0, CLIENT, requests, a, n);
                    a += n;
                } else {
                    int n = Math.min(1 + random.nextInt(20), allowed - b);
                    i.data(0, SERVER, responses, b, n);
                    b += n;
                }
            }
            assertThat(rec.eve).as("run %d", run).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theEveObjectIsSuricatasForTheSameExchange() {
        // Suricata 7.0.10's eve.json on suricata-verify's modbus.pcap, the report-server-id exchange (its id
        // there is 9, the connection's ninth transaction; here it is the first):
        String suricata = "{\"modbus\":{\"id\":1,\"request\":{\"transaction_id\":0,\"protocol_id\":0,\"unit_id\":10,"
                + "\"function_raw\":17,\"function_code\":\"ReportServerID\",\"access_type\":\"NONE\",\"category\":\"PUBLIC_ASSIGNED\","
                + "\"error_flags\":\"NONE\",\"data\":\"\"},\"response\":{\"transaction_id\":0,\"protocol_id\":0,\"unit_id\":10,"
                + "\"function_raw\":17,\"function_code\":\"ReportServerID\",\"access_type\":\"NONE\",\"category\":\"PUBLIC_ASSIGNED\","
                + "\"error_flags\":\"NONE\",\"data\":\"\\u0012\\u0000\\\\xffWingpath Limited\"}}}";
        ModbusInspector i = fresh();
        feed(i, CLIENT, Adu.of(0, 10, 0x11));
        byte[] name = "Wingpath Limited".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int[] data = new int[3 + name.length];
        data[0] = 2 + name.length; // byte count
        data[1] = 0x00;            // server id
        data[2] = 0xff;            // run indicator: ON
        for (int k = 0; k < name.length; k++) {
            data[3 + k] = name[k];
        }
        feed(i, SERVER, Adu.of(0, 10, 0x11, data));
        assertThat(rec.eve).containsExactly(suricata);
    }
}
