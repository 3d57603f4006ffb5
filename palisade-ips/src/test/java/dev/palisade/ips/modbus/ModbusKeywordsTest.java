package dev.palisade.ips.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.ips.rules.ProtocolCondition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code modbus:} keyword: every form parses to the intended condition, every malformed form
 * is refused with its reason, and conditions match as Suricata's do (checked on frames built like
 * those of suricata-verify's modbus case, with its rules and expected alert counts).
 */
class ModbusKeywordsTest {

    private final ModbusKeywords keywords = new ModbusKeywords();

    private static ModbusCondition parse(String v) {
        return ModbusKeywords.parseCondition(v);
    }

    private static ModbusRange exact(int n) {
        return new ModbusRange(ModbusRange.Form.EXACT, n, n);
    }

    @Test
    void contract() {
        assertThat(keywords.protocol()).isEqualTo("modbus");
        assertThat(keywords.isKeyword("modbus")).isTrue();
        assertThat(keywords.isKeyword("mqtt.qos")).isFalse();
        assertThat(keywords.isBuffer("modbus")).isFalse();
        assertThat(keywords.eventNames()).containsExactlyInAnyOrder("invalid_protocol_id", "unsolicited_response",
                "invalid_length", "invalid_unit_identifier", "invalid_function_code", "invalid_value",
                "invalid_exception_code", "value_mismatch", "flooded");
        ProtocolCondition c = keywords.parse("modbus", "function 1");
        assertThat(c.keyword()).isEqualTo("modbus");
        assertThat(c).isEqualTo(new ModbusCondition(null, 1, false, -1, 0, 0, null, null));
        assertThatThrownBy(() -> keywords.parse("modbus.function", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFormParses() {
        assertThat(parse("function 21")).isEqualTo(new ModbusCondition(null, 21, false, -1, 0, 0, null, null));
        assertThat(parse("function !5")).isEqualTo(new ModbusCondition(null, 5, true, -1, 0, 0, null, null));
        assertThat(parse("function 8, subfunction 4")).isEqualTo(new ModbusCondition(null, 8, false, 4, 0, 0, null, null));
        assertThat(parse("function assigned").categories()).isEqualTo(ModbusCodes.CATEGORY_PUBLIC_ASSIGNED);
        assertThat(parse("function unassigned").categories()).isEqualTo(ModbusCodes.CATEGORY_PUBLIC_UNASSIGNED);
        assertThat(parse("function public").categories())
                .isEqualTo(ModbusCodes.CATEGORY_PUBLIC_ASSIGNED | ModbusCodes.CATEGORY_PUBLIC_UNASSIGNED);
        assertThat(parse("function user").categories()).isEqualTo(ModbusCodes.CATEGORY_USER_DEFINED);
        assertThat(parse("function reserved").categories()).isEqualTo(ModbusCodes.CATEGORY_RESERVED);
        assertThat(parse("function all").categories()).isEqualTo(ModbusCodes.CATEGORY_ALL);
        assertThat(parse("function !reserved").categories()).isEqualTo(ModbusCodes.CATEGORY_ALL & ~ModbusCodes.CATEGORY_RESERVED);
        assertThat(parse("function ! assigned").categories()).isEqualTo(ModbusCodes.CATEGORY_ALL & ~ModbusCodes.CATEGORY_PUBLIC_ASSIGNED);
        assertThat(parse("access read")).isEqualTo(new ModbusCondition(null, 0, false, -1, 0, ModbusCodes.ACCESS_READ, null, null));
        assertThat(parse("access read discretes").access()).isEqualTo(ModbusCodes.ACCESS_READ | ModbusCodes.ACCESS_DISCRETES);
        assertThat(parse("access read input").access()).isEqualTo(ModbusCodes.ACCESS_READ | ModbusCodes.ACCESS_INPUT);
        assertThat(parse("access write coils").access()).isEqualTo(ModbusCodes.ACCESS_WRITE | ModbusCodes.ACCESS_COILS);
        assertThat(parse("access read, address 1000").address()).isEqualTo(exact(1000));
        assertThat(parse("access write coils, address <500").address()).isEqualTo(new ModbusRange(ModbusRange.Form.LESS, 500, 500));
        assertThat(parse("access write coils, address >500").address()).isEqualTo(new ModbusRange(ModbusRange.Form.GREATER, 500, 500));
        assertThat(parse("access read holding, address 100<>200").address()).isEqualTo(new ModbusRange(ModbusRange.Form.BETWEEN, 100, 200));
        assertThat(parse("access write holding, address 100, value <1000"))
                .isEqualTo(new ModbusCondition(null, 0, false, -1, 0, ModbusCodes.ACCESS_WRITE | ModbusCodes.ACCESS_HOLDING,
                        exact(100), new ModbusRange(ModbusRange.Form.LESS, 1000, 1000)));
        assertThat(parse("access write holding, address 100, value 500<>1000").value())
                .isEqualTo(new ModbusRange(ModbusRange.Form.BETWEEN, 500, 1000));
        assertThat(parse("unit 10")).isEqualTo(new ModbusCondition(exact(10), 0, false, -1, 0, 0, null, null));
        assertThat(parse("unit <11").unit()).isEqualTo(new ModbusRange(ModbusRange.Form.LESS, 11, 11));
        assertThat(parse("unit 10<>20").unit()).isEqualTo(new ModbusRange(ModbusRange.Form.BETWEEN, 10, 20));
        assertThat(parse("unit 10, function 8, subfunction 4")).isEqualTo(new ModbusCondition(exact(10), 8, false, 4, 0, 0, null, null));
        assertThat(parse("unit 10, function !reserved").categories()).isEqualTo(ModbusCodes.CATEGORY_ALL & ~ModbusCodes.CATEGORY_RESERVED);
        assertThat(parse("unit >10, access read discretes, address <100"))
                .isEqualTo(new ModbusCondition(new ModbusRange(ModbusRange.Form.GREATER, 10, 10), 0, false, -1, 0,
                        ModbusCodes.ACCESS_READ | ModbusCodes.ACCESS_DISCRETES, new ModbusRange(ModbusRange.Form.LESS, 100, 100), null));
        assertThat(parse("unit 10<>20, access write holding, address 500, value >200").value())
                .isEqualTo(new ModbusRange(ModbusRange.Form.GREATER, 200, 200));
        assertThat(parse("  \"function 1\"  ")).isEqualTo(parse("function 1"));
        assertThat(parse("access  write   holding ,address  5")).isEqualTo(parse("access write holding, address 5"));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "\"\" => needs 'function ...', 'access ...' or 'unit ...'",
        "fonction 1 => expected 'function', 'access' or 'unit' but found 'fonction 1'",
        "function => 'function' needs a code",
        "function 0 => function 0 is out of range",
        "function 300 => function 300 is out of range",
        "function 1000 => not a number from 1 to 127",
        "function 128 => function 128 is out of range",
        "function 1x => not a number from 1 to 127",
        "function assigend => unknown function 'assigend'",
        "function !all => can never match",
        "function 8, subfunction => subfunction needs a number",
        "function 8, subfunction 70000 => subfunction 70000 is out of range (0-65535)",
        "function 8, subfunction <4 => subfunction takes one number",
        "function 8, sub 4 => expected 'subfunction M' after the function but found 'sub 4'",
        "function !8, subfunction 4 => cannot follow a negated function",
        "function assigned, subfunction 4 => a function class cannot take 'subfunction 4'",
        "function 8, subfunction 4, unit 1 => unexpected 'unit 1' after the function",
        "access => expected 'access read|write",
        "access modify => access must be 'read' or 'write', not 'modify'",
        "access write holdin => unknown object type 'holdin'",
        "access write discretes => discretes can only be read",
        "access write input => input can only be read",
        "access read coils holding => expected 'access read|write",
        "access read, addr 5 => expected 'address ...' after the access but found 'addr 5'",
        "access read, address => address needs a number, <N, >N or N<>M",
        "access read, address 70000 => address 70000 is out of range (0-65535)",
        "access read, address 10<>5 => range '10<>5' is empty",
        "access read, address >5<>10 => is not a number",
        "access read, address 5, value 3 => 'value' only works with 'access write'",
        "access write holding, address <5, value 3 => 'value' needs one exact address, not the range '<5'",
        "access write holding, address 100, value 500<> => value '' is not a number",
        "access write holding, address 100, vale 5 => expected 'value ...' after the address but found 'vale 5'",
        "access write holding, address 100, value 5, unit 3 => unexpected 'unit 3' after the value",
        "unit => unit needs a number",
        "unit 256 => unit 256 is out of range (0-255)",
        "unit ๖ => is not a number",
        "unit 10, unit 11 => 'unit' may be given once, first",
        "unit 10, bogus => expected 'function', 'access' or 'unit' but found 'bogus'",
    })
    void malformedFormsAreRefusedWithTheReason(String value, String reason) {
        assertThatThrownBy(() -> parse(value)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    // ---- matching

    private static ModbusTransaction tx(byte[] request, byte[] response) {
        ModbusTransaction tx = new ModbusTransaction();
        tx.reset(0, 1);
        if (request != null) {
            tx.request.decode(request, 0, request.length, 0);
            tx.hasRequest = true;
        }
        if (response != null) {
            tx.response.decode(response, 0, response.length, 1);
            tx.hasResponse = true;
        }
        return tx;
    }

    private static boolean matches(String rule, byte[] request) {
        return parse(rule).matches(tx(request, null));
    }

    @Test
    void functionNumberComparesTheCodeWithoutTheExceptionBit() {
        assertThat(matches("function 3", Adu.of(1, 1, 0x03, 0, 1, 0, 1))).isTrue();
        assertThat(matches("function 4", Adu.of(1, 1, 0x03, 0, 1, 0, 1))).isFalse();
        assertThat(matches("function !4", Adu.of(1, 1, 0x03, 0, 1, 0, 1))).isTrue();
        assertThat(matches("function !3", Adu.of(1, 1, 0x03, 0, 1, 0, 1))).isFalse();
        // Suricata's 'function 90' matches every function it has no name for; ours only 90
        assertThat(matches("function 90", Adu.of(1, 1, 0x5a, 0, 2))).isTrue();
        assertThat(matches("function 90", Adu.of(1, 1, 0x41, 0, 2))).isFalse();
        // a transaction with only a response is inspected on it
        assertThat(parse("function 3").matches(tx(null, Adu.of(1, 1, 0x83, 0x02)))).isTrue();
        assertThat(parse("function 3").matches(new ModbusTransaction())).isFalse();
    }

    @Test
    void subfunctionNeedsADiagnostic() {
        assertThat(matches("function 8, subfunction 4", Adu.of(1, 1, 0x08, 0x00, 0x04, 0x00, 0x00))).isTrue();
        assertThat(matches("function 8, subfunction 4", Adu.of(1, 1, 0x08, 0x00, 0x01, 0x00, 0x00))).isFalse();
        assertThat(parse("function 8, subfunction 4").matches(tx(null, Adu.of(1, 1, 0x88, 0x0b)))).isFalse();
    }

    @Test
    void categories() {
        assertThat(matches("function assigned", Adu.of(1, 1, 0x03, 0, 1, 0, 1))).isTrue();
        assertThat(matches("function !assigned", Adu.of(1, 1, 0x03, 0, 1, 0, 1))).isFalse();
        assertThat(matches("function reserved", Adu.of(1, 1, 0x5a, 0, 2))).isTrue();
        assertThat(matches("function user", Adu.of(1, 1, 0x41))).isTrue();
        assertThat(matches("function unassigned", Adu.of(1, 1, 0x32))).isTrue();
        assertThat(matches("function public", Adu.of(1, 1, 0x32))).isTrue();
        assertThat(matches("function public", Adu.of(1, 1, 0x41))).isFalse();
        assertThat(matches("function reserved", Adu.of(1, 1, 0x08, 0x00, 0x07, 0x00, 0x00))).as("reserved sub-function").isTrue();
        // function 0 has no category: neither a class nor its negation matches
        assertThat(matches("function all", Adu.of(1, 1, 0x00))).isFalse();
        assertThat(matches("function !assigned", Adu.of(1, 1, 0x00))).isFalse();
    }

    @Test
    void accessTypesAndObjects() {
        byte[] readCoils = Adu.of(1, 1, 0x01, 0x00, 0x00, 0x00, 0x01);
        byte[] writeRegs = Adu.of(1, 1, 0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0a, 0x01, 0x02);
        byte[] readWrite = Adu.of(1, 1, 0x17, 0x00, 0x03, 0x00, 0x06, 0x00, 0x0e, 0x00, 0x01, 0x02, 0x00, 0xff);
        assertThat(matches("access read", readCoils)).isTrue();
        assertThat(matches("access read coils", readCoils)).isTrue();
        assertThat(matches("access read discretes", readCoils)).isFalse();
        assertThat(matches("access write", readCoils)).isFalse();
        assertThat(matches("access write holding", writeRegs)).isTrue();
        assertThat(matches("access write coils", writeRegs)).isFalse();
        assertThat(matches("access read", readWrite)).isTrue();
        assertThat(matches("access write holding", readWrite)).isTrue();
        assertThat(matches("access read", Adu.of(1, 1, 0x08, 0x00, 0x00, 0x00, 0x00))).isFalse();
    }

    @Test
    void addressesAreOneBasedAndRangesIntersect() {
        // read holding registers PDU address 9, quantity 3: registers 10, 11, 12
        byte[] read = Adu.of(1, 1, 0x03, 0x00, 0x09, 0x00, 0x03);
        assertThat(matches("access read, address 10", read)).isTrue();
        assertThat(matches("access read, address 12", read)).isTrue();
        assertThat(matches("access read, address 9", read)).isFalse();
        assertThat(matches("access read, address 13", read)).isFalse();
        assertThat(matches("access read, address <11", read)).isTrue();
        assertThat(matches("access read, address <10", read)).isFalse();
        assertThat(matches("access read, address >11", read)).isTrue();
        assertThat(matches("access read, address >12", read)).isFalse();
        assertThat(matches("access read, address 12<>20", read)).isFalse();
        assertThat(matches("access read, address 11<>20", read)).isTrue();
        assertThat(matches("access read, address 2<>10", read)).isFalse();
        // a response-only transaction of a write carries an address too; a read response none
        assertThat(parse("access read, address 10").matches(tx(null, Adu.of(1, 1, 0x03, 0x02, 0x00, 0x01)))).isFalse();
    }

    @Test
    void writtenValues() {
        // write multiple registers at PDU address 14 (registers 15, 16, 17): 1234 5678 9ABC
        byte[] w = Adu.of(1, 10, 0x10, 0x00, 0x0e, 0x00, 0x03, 0x06, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc);
        assertThat(matches("access write holding, address 15, value 4660", w)).isTrue();
        assertThat(matches("access write holding, address 15, value <4660", w)).isFalse();
        assertThat(matches("access write holding, address 15, value <4661", w)).isTrue();
        assertThat(matches("access write holding, address 16, value 20000<>22136", w)).isFalse();
        assertThat(matches("access write holding, address 16, value 20000<>22137", w)).isTrue();
        assertThat(matches("access write holding, address 17, value >39611", w)).isTrue();
        assertThat(matches("access write holding, address 18, value >0", w)).isFalse();
        // single coil: FF00 is 1
        byte[] coil = Adu.of(1, 1, 0x05, 0x00, 0x02, 0xff, 0x00);
        assertThat(matches("access write coils, address 3, value 1", coil)).isTrue();
        assertThat(matches("access write coils, address 3, value 0", coil)).isFalse();
        // multiple coils: the bit of each coil (CD 01 from coil 20: 1 0 1 1 0 0 1 1 1 0)
        byte[] coils = Adu.of(1, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x02, 0xcd, 0x01);
        assertThat(matches("access write coils, address 21, value 0", coils)).isTrue();
        assertThat(matches("access write coils, address 28, value 1", coils)).isTrue();
        assertThat(matches("access write coils, address 29, value 0", coils)).isTrue();
    }

    @Test
    void unitAloneOrCombined() {
        byte[] read = Adu.of(1, 10, 0x01, 0x00, 0x00, 0x00, 0x01);
        assertThat(matches("unit 10", read)).isTrue();
        assertThat(matches("unit 11", read)).isFalse();
        assertThat(matches("unit >9", read)).isTrue();
        assertThat(matches("unit <10", read)).isFalse();
        assertThat(matches("unit 9<>11", read)).isTrue();
        assertThat(matches("unit 10, function 1", read)).isTrue();
        assertThat(matches("unit 10, function 2", read)).isFalse();
        assertThat(matches("unit 11, function 1", read)).isFalse();
        assertThat(matches("unit 10, access read coils", read)).isTrue();
        assertThat(matches("unit 10, function !reserved", read)).isTrue();
    }

    /**
     * suricata-verify's modbus case: its seven rules over the transactions of its capture (rebuilt
     * here frame by frame from the capture's decoded EVE records) give its expected alert counts,
     * one alert per rule and transaction.
     */
    @Test
    void suricataVerifyModbusCaseCounts() {
        List<String> rules = List.of("function 1", "function assigned", "access read", "unit 10",
                "unit >9, access read coils, address 0<>2", "access write", "function 8");
        int[] expected = {2, 18, 3, 18, 1, 3, 8};
        Recorder rec = new Recorder();
        rules.forEach(r -> rec.conditions.add(parse(r)));
        ModbusInspector inspector = new ModbusInspector(3, ModbusSettings.DEFAULTS, rec);
        for (int f = 0; f < 3; f++) {
            inspector.open(f, false);
        }
        // flow 0: diagnostics (3x force listen only, answered by gateway exceptions; 2x restart; 2x clear), report server id
        int[][] diag = {{4, 0x88}, {4, 0x88}, {4, 0x88}, {1, 0x88}, {1, 8}, {1, 8}, {10, 8}, {10, 8}};
        for (int[] d : diag) {
            send(inspector, 0, Adu.of(0, 10, 0x08, 0x00, d[0], 0x00, 0x00),
                    d[1] == 0x88 ? Adu.of(0, 10, 0x88, 0x0b) : Adu.of(0, 10, 0x08, 0x00, d[0], 0x00, 0x00));
        }
        for (int k = 0; k < 2; k++) {
            send(inspector, 0, Adu.of(0, 10, 0x11), Adu.of(0, 10, 0x11, 0x03, 0x12, 0x00, 0xff));
        }
        // flow 1: two read device id requests never answered
        send(inspector, 1, Adu.of(1, 10, 0x2b, 0x0e, 0x03, 0x01, 0x00), null);
        send(inspector, 1, Adu.of(1, 10, 0x2b, 0x0e, 0x03, 0x01, 0x00), null);
        // flow 2: read coils x2, read holding, write coil x2, write register
        send(inspector, 2, Adu.of(1, 10, 0x01, 0x00, 0x00, 0x00, 0x01), Adu.of(1, 10, 0x01, 0x01, 0x00));
        send(inspector, 2, Adu.of(1, 10, 0x01, 0x00, 0x02, 0x00, 0x02), Adu.of(1, 10, 0x01, 0x01, 0x00));
        send(inspector, 2, Adu.of(1, 10, 0x03, 0x00, 0x05, 0x00, 0x02), Adu.of(1, 10, 0x03, 0x04, 0x00, 0x09, 0x00, 0x18));
        send(inspector, 2, Adu.of(1, 10, 0x05, 0x00, 0x02, 0x00, 0x00), Adu.of(1, 10, 0x05, 0x00, 0x02, 0x00, 0x00));
        send(inspector, 2, Adu.of(1, 10, 0x05, 0x00, 0x01, 0x00, 0x00), Adu.of(1, 10, 0x05, 0x00, 0x01, 0x00, 0x00));
        send(inspector, 2, Adu.of(1, 10, 0x06, 0x00, 0x05, 0x00, 0x0b), Adu.of(1, 10, 0x06, 0x00, 0x05, 0x00, 0x0b));
        for (int f = 0; f < 3; f++) {
            inspector.close(f);
        }
        assertThat(rec.eve).hasSize(18);
        assertThat(countPerTransaction(rec, rules.size())).containsExactly(expected);
    }

    private static void send(ModbusInspector inspector, int flow, byte[] request, byte[] response) {
        inspector.data(flow, 0, request, 0, request.length);
        if (response != null) {
            inspector.data(flow, 1, response, 0, response.length);
        }
    }

    private static int[] countPerTransaction(Recorder rec, int rules) {
        // hits are "rule #txid dir", transactions numbered per flow; a flow's transactions are consecutive in the log
        int[] counts = new int[rules];
        java.util.Set<String> seen = new java.util.HashSet<>();
        int flow = 0;
        long lastId = 0;
        for (String h : rec.hits) {
            String[] p = h.split(" ");
            long id = Long.parseLong(p[1].substring(1));
            if (id < lastId) {
                flow++;
            }
            lastId = id;
            if (seen.add(flow + "/" + id + "/" + p[0])) {
                counts[Integer.parseInt(p[0])]++;
            }
        }
        return counts;
    }
}
