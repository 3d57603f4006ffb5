package dev.palisade.ips.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding of every public function code's request, response and exception, checked through the
 * EVE object Suricata would log for it (field names and value formats as Suricata 7 writes them;
 * where the error flags differ from Suricata's, the case says why). Frames follow the examples
 * of the Modbus Application Protocol V1.1b3 where it has one.
 */
class ModbusMessageTest {

    private static final int REQ = 0;
    private static final int RESP = 1;

    /** The fixed part of a message object (transaction 1, protocol 0). */
    private static String head(int unit, int raw, String code, String access, String category, String errors) {
        return "{\"transaction_id\":1,\"protocol_id\":0,\"unit_id\":" + unit + ",\"function_raw\":" + raw
                + ",\"function_code\":\"" + code + "\",\"access_type\":\"" + access + "\",\"category\":\"" + category
                + "\",\"error_flags\":\"" + errors + "\"";
    }

    private static Arguments c(String name, int dir, byte[] adu, String json) {
        return arguments(name, dir, adu, json);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // ---- 1-4 reads
            c("01 read coils request: address 19, quantity 19", REQ, Adu.of(1, 1, 0x01, 0x00, 0x13, 0x00, 0x13),
                head(1, 1, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "NONE") + ",\"read\":{\"address\":19,\"quantity\":19}}"),
            c("01 read coils response: 3 bytes", RESP, Adu.of(1, 1, 0x01, 0x03, 0xcd, 0x6b, 0x05),
                head(1, 1, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "NONE") + ",\"read\":{\"data\":\"\\\\xcdk\\u0005\"}}"),
            c("01 quantity 0 is out of range", REQ, Adu.of(1, 1, 0x01, 0x00, 0x00, 0x00, 0x00),
                head(1, 1, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"read\":{\"address\":0,\"quantity\":0}}"),
            c("01 quantity 2000 is the maximum", REQ, Adu.of(1, 1, 0x01, 0x00, 0x00, 0x07, 0xd0),
                head(1, 1, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "NONE") + ",\"read\":{\"address\":0,\"quantity\":2000}}"),
            c("01 request cut short: data bytes only", REQ, Adu.of(1, 1, 0x01, 0x00, 0x13),
                head(1, 1, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"data\":\"\\u0000\\u0013\"}"),
            c("01 request with a trailing byte", REQ, Adu.of(1, 1, 0x01, 0x00, 0x13, 0x00, 0x13, 0x00),
                head(1, 1, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"read\":{\"address\":19,\"quantity\":19}}"),
            c("02 read discrete inputs request", REQ, Adu.of(1, 1, 0x02, 0x00, 0xc4, 0x00, 0x16),
                head(1, 2, "RdDiscreteInputs", "READ | DISCRETES", "PUBLIC_ASSIGNED", "NONE") + ",\"read\":{\"address\":196,\"quantity\":22}}"),
            c("03 read holding registers request", REQ, Adu.of(1, 1, 0x03, 0x00, 0x6b, 0x00, 0x03),
                head(1, 3, "RdHoldRegs", "READ | HOLDING", "PUBLIC_ASSIGNED", "NONE") + ",\"read\":{\"address\":107,\"quantity\":3}}"),
            c("03 quantity 126 is above 125", REQ, Adu.of(1, 1, 0x03, 0x00, 0x6b, 0x00, 0x7e),
                head(1, 3, "RdHoldRegs", "READ | HOLDING", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"read\":{\"address\":107,\"quantity\":126}}"),
            // Suricata flags every correct register read response DATA_VALUE (it expects a bit count); we do not.
            c("03 read holding registers response: 3 registers", RESP, Adu.of(1, 1, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64),
                head(1, 3, "RdHoldRegs", "READ | HOLDING", "PUBLIC_ASSIGNED", "NONE") + ",\"read\":{\"data\":\"\\u0002+\\u0000\\u0000\\u0000d\"}}"),
            c("03 response with an odd byte count", RESP, Adu.of(1, 1, 0x03, 0x03, 0x02, 0x2b, 0x00),
                head(1, 3, "RdHoldRegs", "READ | HOLDING", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"read\":{\"data\":\"\\u0002+\\u0000\"}}"),
            c("04 response whose byte count disagrees with its data", RESP, Adu.of(1, 1, 0x04, 0x04, 0x00, 0x0a),
                head(1, 4, "RdInputRegs", "READ | INPUT", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"read\":{\"data\":\"\\u0000\\n\"}}"),
            c("04 read input registers request", REQ, Adu.of(1, 1, 0x04, 0x00, 0x08, 0x00, 0x01),
                head(1, 4, "RdInputRegs", "READ | INPUT", "PUBLIC_ASSIGNED", "NONE") + ",\"read\":{\"address\":8,\"quantity\":1}}"),
            // ---- 5, 6 single writes
            c("05 write single coil ON", REQ, Adu.of(1, 1, 0x05, 0x00, 0xac, 0xff, 0x00),
                head(1, 5, "WrSingleCoil", "WRITE | COILS | SINGLE | WRITE_SINGLE", "PUBLIC_ASSIGNED", "NONE") + ",\"write\":{\"address\":172,\"data\":65280}}"),
            c("05 coil value neither 0000 nor FF00", REQ, Adu.of(1, 1, 0x05, 0x00, 0xac, 0x12, 0x34),
                head(1, 5, "WrSingleCoil", "WRITE | COILS | SINGLE | WRITE_SINGLE", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"write\":{\"address\":172,\"data\":4660}}"),
            c("05 response echo", RESP, Adu.of(1, 1, 0x05, 0x00, 0xac, 0xff, 0x00),
                head(1, 5, "WrSingleCoil", "WRITE | COILS | SINGLE | WRITE_SINGLE", "PUBLIC_ASSIGNED", "NONE") + ",\"write\":{\"address\":172,\"data\":65280}}"),
            c("06 write single register", REQ, Adu.of(1, 1, 0x06, 0x00, 0x01, 0x00, 0x03),
                head(1, 6, "WrSingleReg", "WRITE | HOLDING | SINGLE | WRITE_SINGLE", "PUBLIC_ASSIGNED", "NONE") + ",\"write\":{\"address\":1,\"data\":3}}"),
            // ---- 7, 11, 12, 17 serial-line functions
            c("07 read exception status request", REQ, Adu.of(1, 1, 0x07),
                head(1, 7, "RdExcStatus", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"\"}"),
            c("07 response: status byte", RESP, Adu.of(1, 1, 0x07, 0x6d),
                head(1, 7, "RdExcStatus", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"m\"}"),
            c("07 request with data", REQ, Adu.of(1, 1, 0x07, 0x01),
                head(1, 7, "RdExcStatus", "NONE", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"data\":\"\\u0001\"}"),
            c("11 get comm event counter request", REQ, Adu.of(1, 1, 0x0b),
                head(1, 11, "GetCommEventCtr", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"\"}"),
            c("11 response: status, event count", RESP, Adu.of(1, 1, 0x0b, 0xff, 0xff, 0x01, 0x08),
                head(1, 11, "GetCommEventCtr", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"\\\\xff\\\\xff\\u0001\\b\"}"),
            c("11 response one byte short", RESP, Adu.of(1, 1, 0x0b, 0xff, 0xff, 0x01),
                head(1, 11, "GetCommEventCtr", "NONE", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"data\":\"\\\\xff\\\\xff\\u0001\"}"),
            c("12 get comm event log response", RESP, Adu.of(1, 1, 0x0c, 0x08, 0x00, 0x00, 0x01, 0x08, 0x01, 0x21, 0x20, 0x00),
                head(1, 12, "GetCommEventLog", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"\\b\\u0000\\u0000\\u0001\\b\\u0001! \\u0000\"}"),
            c("12 response whose byte count is wrong", RESP, Adu.of(1, 1, 0x0c, 0x09, 0x00, 0x00, 0x01, 0x08, 0x01, 0x21, 0x20, 0x00),
                head(1, 12, "GetCommEventLog", "NONE", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"data\":\"\\t\\u0000\\u0000\\u0001\\b\\u0001! \\u0000\"}"),
            c("17 report server id response", RESP, Adu.of(1, 1, 0x11, 0x03, 0x2a, 0xff, 0x41),
                head(1, 17, "ReportServerID", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"\\u0003*\\\\xffA\"}"),
            // ---- 8 diagnostics
            c("08/00 return query data: any data", REQ, Adu.of(1, 1, 0x08, 0x00, 0x00, 0x41, 0x37, 0x42),
                head(1, 8, "Diagnostic", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"diagnostic\":{\"raw\":0,\"code\":\"RetQueryData\",\"data\":\"A7B\"}}"),
            c("08/01 restart communications with FF00", REQ, Adu.of(1, 1, 0x08, 0x00, 0x01, 0xff, 0x00),
                head(1, 8, "Diagnostic", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"diagnostic\":{\"raw\":1,\"code\":\"RestartCommOpt\",\"data\":\"\\\\xff\\u0000\"}}"),
            c("08/01 restart communications with 1234", REQ, Adu.of(1, 1, 0x08, 0x00, 0x01, 0x12, 0x34),
                head(1, 8, "Diagnostic", "NONE", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"diagnostic\":{\"raw\":1,\"code\":\"RestartCommOpt\",\"data\":\"\\u00124\"}}"),
            c("08/0A clear counters needs 0000", REQ, Adu.of(1, 1, 0x08, 0x00, 0x0a, 0x00, 0x01),
                head(1, 8, "Diagnostic", "NONE", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"diagnostic\":{\"raw\":10,\"code\":\"ClearCtrDiagReg\",\"data\":\"\\u0000\\u0001\"}}"),
            c("08/04 with three data bytes", REQ, Adu.of(1, 1, 0x08, 0x00, 0x04, 0x00, 0x00, 0x00),
                head(1, 8, "Diagnostic", "NONE", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"diagnostic\":{\"raw\":4,\"code\":\"ForceListenOnlyMode\",\"data\":\"\\u0000\\u0000\\u0000\"}}"),
            c("08/07 is a reserved sub-function", REQ, Adu.of(1, 1, 0x08, 0x00, 0x07, 0x00, 0x00),
                head(1, 8, "Diagnostic", "NONE", "RESERVED", "NONE") + ",\"diagnostic\":{\"raw\":7,\"code\":\"Reserved\",\"data\":\"\\u0000\\u0000\"}}"),
            c("08/0B response: bus message count", RESP, Adu.of(1, 1, 0x08, 0x00, 0x0b, 0x01, 0x02),
                head(1, 8, "Diagnostic", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"diagnostic\":{\"raw\":11,\"code\":\"RetBusMsgCount\",\"data\":\"\\u0001\\u0002\"}}"),
            c("08 without a sub-function", REQ, Adu.of(1, 1, 0x08, 0x00),
                head(1, 8, "Diagnostic", "NONE", "NONE", "DATA_LENGTH") + "}"),
            // ---- 15, 16 multiple writes
            c("15 write multiple coils: 10 coils", REQ, Adu.of(1, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x02, 0xcd, 0x01),
                head(1, 15, "WrMultCoils", "WRITE | COILS | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"write\":{\"address\":19,\"quantity\":10,\"data\":\"\\\\xcd\\u0001\"}}"),
            c("15 byte count not what the quantity needs", REQ, Adu.of(1, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x03, 0xcd, 0x01, 0x00),
                head(1, 15, "WrMultCoils", "WRITE | COILS | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "DATA_VALUE")
                    + ",\"write\":{\"address\":19,\"quantity\":10,\"data\":\"\\\\xcd\\u0001\\u0000\"}}"),
            c("15 byte count says more than was sent", REQ, Adu.of(1, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x02, 0xcd),
                head(1, 15, "WrMultCoils", "WRITE | COILS | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "DATA_LENGTH")
                    + ",\"write\":{\"address\":19,\"quantity\":10,\"data\":\"\\\\xcd\"}}"),
            c("15 response: address and quantity", RESP, Adu.of(1, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a),
                head(1, 15, "WrMultCoils", "WRITE | COILS | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "NONE") + ",\"write\":{\"address\":19,\"data\":10}}"),
            c("16 write multiple registers: 2 registers", REQ, Adu.of(1, 1, 0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0a, 0x01, 0x02),
                head(1, 16, "WrMultRegs", "WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"write\":{\"address\":1,\"quantity\":2,\"data\":\"\\u0000\\n\\u0001\\u0002\"}}"),
            c("16 quantity 124 is above 123", REQ, Adu.of(1, 1, 0x10, 0x00, 0x01, 0x00, 0x7c, 0x00),
                head(1, 16, "WrMultRegs", "WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "DATA_VALUE")
                    + ",\"write\":{\"address\":1,\"quantity\":124,\"data\":\"\"}}"),
            c("16 response", RESP, Adu.of(1, 1, 0x10, 0x00, 0x01, 0x00, 0x02),
                head(1, 16, "WrMultRegs", "WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "NONE") + ",\"write\":{\"address\":1,\"data\":2}}"),
            // ---- 20, 21 file records
            c("20 read file record: two sub-requests", REQ,
                Adu.of(1, 1, 0x14, 0x0e, 0x06, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02, 0x06, 0x00, 0x03, 0x00, 0x09, 0x00, 0x02),
                head(1, 20, "RdFileRec", "NONE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"data\":\"\\u000e\\u0006\\u0000\\u0004\\u0000\\u0001\\u0000\\u0002\\u0006\\u0000\\u0003\\u0000\\t\\u0000\\u0002\"}"),
            c("20 reference type must be 6", REQ, Adu.of(1, 1, 0x14, 0x07, 0x05, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02),
                head(1, 20, "RdFileRec", "NONE", "PUBLIC_ASSIGNED", "DATA_VALUE")
                    + ",\"data\":\"\\u0007\\u0005\\u0000\\u0004\\u0000\\u0001\\u0000\\u0002\"}"),
            c("20 response: two sub-responses", RESP,
                Adu.of(1, 1, 0x14, 0x0c, 0x05, 0x06, 0x0d, 0xfe, 0x00, 0x20, 0x05, 0x06, 0x33, 0xcd, 0x00, 0x40),
                head(1, 20, "RdFileRec", "NONE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"data\":\"\\f\\u0005\\u0006\\r\\\\xfe\\u0000 \\u0005\\u00063\\\\xcd\\u0000@\"}"),
            c("21 write file record", REQ,
                Adu.of(1, 1, 0x15, 0x0d, 0x06, 0x00, 0x04, 0x00, 0x07, 0x00, 0x03, 0x06, 0xaf, 0x04, 0xbe, 0x10, 0x0d),
                head(1, 21, "WrFileRec", "NONE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"data\":\"\\r\\u0006\\u0000\\u0004\\u0000\\u0007\\u0000\\u0003\\u0006\\\\xaf\\u0004\\\\xbe\\u0010\\r\"}"),
            c("21 record length beyond the data", REQ,
                Adu.of(1, 1, 0x15, 0x0b, 0x06, 0x00, 0x04, 0x00, 0x07, 0x00, 0x03, 0x06, 0xaf, 0x04, 0xbe),
                head(1, 21, "WrFileRec", "NONE", "PUBLIC_ASSIGNED", "DATA_LENGTH")
                    + ",\"data\":\"\\u000b\\u0006\\u0000\\u0004\\u0000\\u0007\\u0000\\u0003\\u0006\\\\xaf\\u0004\\\\xbe\"}"),
            // ---- 22, 23, 24
            c("22 mask write register", REQ, Adu.of(1, 1, 0x16, 0x00, 0x04, 0x00, 0xf2, 0x00, 0x25),
                head(1, 22, "MaskWrReg", "WRITE | HOLDING", "PUBLIC_ASSIGNED", "NONE") + ",\"write\":{\"address\":4,\"and_mask\":242,\"or_mask\":37}}"),
            c("22 response", RESP, Adu.of(1, 1, 0x16, 0x00, 0x04, 0x00, 0xf2, 0x00, 0x25),
                head(1, 22, "MaskWrReg", "WRITE | HOLDING", "PUBLIC_ASSIGNED", "NONE") + ",\"write\":{\"address\":4,\"and_mask\":242,\"or_mask\":37}}"),
            c("23 read/write multiple registers", REQ,
                Adu.of(1, 1, 0x17, 0x00, 0x03, 0x00, 0x06, 0x00, 0x0e, 0x00, 0x03, 0x06, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff),
                head(1, 23, "RdWrMultRegs", "READ | WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"read\":{\"address\":3,\"quantity\":6},\"write\":{\"address\":14,\"quantity\":3,\"data\":\"\\u0000\\\\xff\\u0000\\\\xff\\u0000\\\\xff\"}}"),
            c("23 response: 2 registers", RESP, Adu.of(1, 1, 0x17, 0x04, 0x00, 0xfe, 0x0a, 0xcd),
                head(1, 23, "RdWrMultRegs", "READ | WRITE | HOLDING | MULTIPLE | WRITE_MULTIPLE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"read\":{\"data\":\"\\u0000\\\\xfe\\n\\\\xcd\"}}"),
            c("24 read FIFO queue request", REQ, Adu.of(1, 1, 0x18, 0x04, 0xde),
                head(1, 24, "RdFIFOQueue", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"\\u0004\\\\xde\"}"),
            c("24 response: 2 values", RESP, Adu.of(1, 1, 0x18, 0x00, 0x06, 0x00, 0x02, 0x01, 0xb8, 0x12, 0x84),
                head(1, 24, "RdFIFOQueue", "NONE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"data\":\"\\u0000\\u0006\\u0000\\u0002\\u0001\\\\xb8\\u0012\\\\x84\"}"),
            c("24 response with 32 values is above 31", RESP, Adu.of(1, 1, 0x18, 0x00, 0x02, 0x00, 0x20),
                head(1, 24, "RdFIFOQueue", "NONE", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"data\":\"\\u0000\\u0002\\u0000 \"}"),
            // ---- 43 encapsulated interface transport
            c("43/14 read device identification request", REQ, Adu.of(1, 1, 0x2b, 0x0e, 0x01, 0x00),
                head(1, 43, "MEI", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"mei\":{\"raw\":14,\"code\":\"RdDevId\",\"data\":\"\\u0001\\u0000\"}}"),
            // modbus_test_data_part1 (ics-pcaps) sends this twice; the request is 4 bytes (V1.1b3 6.21). Suricata: no event.
            c("43/14 read device id request with a byte after the object id", REQ, Adu.of(1, 10, 0x2b, 0x0e, 0x03, 0x01, 0x00),
                head(10, 43, "MEI", "NONE", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"mei\":{\"raw\":14,\"code\":\"RdDevId\",\"data\":\"\\u0003\\u0001\\u0000\"}}"),
            c("43/14 read device id code 5 does not exist", REQ, Adu.of(1, 1, 0x2b, 0x0e, 0x05, 0x00),
                head(1, 43, "MEI", "NONE", "PUBLIC_ASSIGNED", "DATA_VALUE") + ",\"mei\":{\"raw\":14,\"code\":\"RdDevId\",\"data\":\"\\u0005\\u0000\"}}"),
            c("43/14 response: one object", RESP, Adu.of(1, 1, 0x2b, 0x0e, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x02, 0x41, 0x42),
                head(1, 43, "MEI", "NONE", "PUBLIC_ASSIGNED", "NONE")
                    + ",\"mei\":{\"raw\":14,\"code\":\"RdDevId\",\"data\":\"\\u0001\\u0001\\u0000\\u0000\\u0001\\u0000\\u0002AB\"}}"),
            c("43/14 response whose object overruns the PDU", RESP, Adu.of(1, 1, 0x2b, 0x0e, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x05, 0x41),
                head(1, 43, "MEI", "NONE", "PUBLIC_ASSIGNED", "DATA_LENGTH")
                    + ",\"mei\":{\"raw\":14,\"code\":\"RdDevId\",\"data\":\"\\u0001\\u0001\\u0000\\u0000\\u0001\\u0000\\u0005A\"}}"),
            c("43/13 CANopen general reference", REQ, Adu.of(1, 1, 0x2b, 0x0d, 0x01),
                head(1, 43, "MEI", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"mei\":{\"raw\":13,\"code\":\"CANOpenGenRefReqResp\",\"data\":\"\\u0001\"}}"),
            c("43/99 unassigned MEI type", REQ, Adu.of(1, 1, 0x2b, 0x63),
                head(1, 43, "MEI", "NONE", "RESERVED", "NONE") + ",\"mei\":{\"raw\":99,\"code\":\"Unknown\",\"data\":\"\"}}"),
            // ---- exceptions
            c("exception 81/02 illegal data address", RESP, Adu.of(1, 1, 0x81, 0x02),
                head(1, 129, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "NONE") + ",\"exception\":{\"raw\":2,\"code\":\"IllegalDataAddr\"}}"),
            c("exception 88/0B gateway target (as in Suricata's modbus.pcap)", RESP, Adu.of(1, 10, 0x88, 0x0b),
                head(10, 136, "Diagnostic", "NONE", "NONE", "NONE") + ",\"exception\":{\"raw\":11,\"code\":\"GatewayTargetFailToResp\"}}"),
            c("exception 87/02: read exception status has no address", RESP, Adu.of(1, 1, 0x87, 0x02),
                head(1, 135, "RdExcStatus", "NONE", "PUBLIC_ASSIGNED", "EXC_CODE") + ",\"exception\":{\"raw\":2,\"code\":\"IllegalDataAddr\"}}"),
            c("exception 83/08 memory parity outside file records", RESP, Adu.of(1, 1, 0x83, 0x08),
                head(1, 131, "RdHoldRegs", "READ | HOLDING", "PUBLIC_ASSIGNED", "EXC_CODE") + ",\"exception\":{\"raw\":8,\"code\":\"MemParityErr\"}}"),
            c("exception 94/08 memory parity of a file record read", RESP, Adu.of(1, 1, 0x94, 0x08),
                head(1, 148, "RdFileRec", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"exception\":{\"raw\":8,\"code\":\"MemParityErr\"}}"),
            c("exception code 9 is undefined", RESP, Adu.of(1, 1, 0x83, 0x09),
                head(1, 131, "RdHoldRegs", "READ | HOLDING", "PUBLIC_ASSIGNED", "EXC_CODE") + ",\"exception\":{\"raw\":9,\"code\":\"Unknown\"}}"),
            c("exception with a trailing byte", RESP, Adu.of(1, 1, 0x81, 0x06, 0x00),
                head(1, 129, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"exception\":{\"raw\":6,\"code\":\"ServerDeviceBusy\"}}"),
            c("exception without a code", RESP, Adu.of(1, 1, 0x81),
                head(1, 129, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "DATA_LENGTH") + ",\"data\":\"\"}"),
            c("exception of UMAS (DA)", RESP, Adu.of(1, 1, 0xda, 0x01),
                head(1, 218, "Unknown", "NONE", "NONE", "NONE") + ",\"exception\":{\"raw\":1,\"code\":\"IllegalFunction\"}}"),
            // ---- function codes outside the public assigned set
            c("function 0 is invalid", REQ, Adu.of(1, 1, 0x00),
                head(1, 0, "Unknown", "NONE", "NONE", "FUNC_CODE") + ",\"data\":\"\"}"),
            c("request with the exception bit", REQ, Adu.of(1, 1, 0x81, 0x00, 0x00, 0x00, 0x01),
                head(1, 129, "RdCoils", "READ | COILS", "PUBLIC_ASSIGNED", "FUNC_CODE") + ",\"read\":{\"address\":0,\"quantity\":1}}"),
            c("Schneider UMAS (90) is reserved", REQ, Adu.of(1, 1, 0x5a, 0x00, 0x02),
                head(1, 90, "Unknown", "NONE", "RESERVED", "NONE") + ",\"data\":\"\\u0000\\u0002\"}"),
            c("legacy 9 (Program484) is reserved", REQ, Adu.of(1, 1, 0x09),
                head(1, 9, "Program484", "NONE", "RESERVED", "NONE") + ",\"data\":\"\"}"),
            c("65 is user-defined", REQ, Adu.of(1, 1, 0x41, 0x01),
                head(1, 65, "Unknown", "NONE", "USER_DEFINED", "NONE") + ",\"data\":\"\\u0001\"}"),
            c("50 is public unassigned", REQ, Adu.of(1, 1, 0x32),
                head(1, 50, "Unknown", "NONE", "PUBLIC_UNASSIGNED", "NONE") + ",\"data\":\"\"}"),
            c("UTF-8 data is written as text", RESP, Adu.of(1, 1, 0x11, 0x03, 0xc3, 0xa9, 0x21),
                head(1, 17, "ReportServerID", "NONE", "PUBLIC_ASSIGNED", "NONE") + ",\"data\":\"\\u0003é!\"}")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesAndLogsAsSuricata(String name, int direction, byte[] adu, String json) {
        assertThat(Adu.json(Adu.decode(adu, direction))).isEqualTo(json);
    }

    @Test
    void protocolIdOtherThanZeroIsFlaggedButDecoded() {
        ModbusMessage m = Adu.decode(Adu.withProtocol(7, 1, 1, 0x03, 0x00, 0x01, 0x00, 0x02), 0);
        assertThat(Adu.json(m)).isEqualTo("{\"transaction_id\":7,\"protocol_id\":1,\"unit_id\":1,\"function_raw\":3,"
                + "\"function_code\":\"RdHoldRegs\",\"access_type\":\"READ | HOLDING\",\"category\":\"PUBLIC_ASSIGNED\","
                + "\"error_flags\":\"PROTO_ID\",\"read\":{\"address\":1,\"quantity\":2}}");
    }

    @Test
    void addressRangeIsOneBasedAndWrittenValuesAreFoundByAddress() {
        ModbusMessage read = Adu.decode(Adu.of(1, 1, 0x03, 0x00, 0x0a, 0x00, 0x03), 0);
        assertThat(read.addressRange()).isEqualTo(11L << 16 | 13);
        assertThat(read.writtenValueAt(11)).isEqualTo(-1);

        ModbusMessage coils = Adu.decode(Adu.of(1, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x02, 0xcd, 0x01), 0);
        // coils 20..29 = bits of CD (1100 1101, LSB first) then 01
        int[] expected = {1, 0, 1, 1, 0, 0, 1, 1, 1, 0};
        for (int i = 0; i < 10; i++) {
            assertThat(coils.writtenValueAt(20 + i)).as("coil %d", 20 + i).isEqualTo(expected[i]);
        }
        assertThat(coils.writtenValueAt(19)).isEqualTo(-1);
        assertThat(coils.writtenValueAt(30)).isEqualTo(-1);

        ModbusMessage regs = Adu.decode(Adu.of(1, 1, 0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0a, 0x01, 0x02), 0);
        assertThat(regs.writtenValueAt(2)).isEqualTo(10);
        assertThat(regs.writtenValueAt(3)).isEqualTo(0x0102);
        assertThat(regs.writtenValueAt(4)).isEqualTo(-1);

        ModbusMessage single = Adu.decode(Adu.of(1, 1, 0x05, 0x00, 0xac, 0xff, 0x00), 0);
        assertThat(single.addressRange()).isEqualTo(173L << 16 | 173);
        assertThat(single.writtenValueAt(173)).isEqualTo(1);

        ModbusMessage top = Adu.decode(Adu.of(1, 1, 0x03, 0xff, 0xff, 0x00, 0x02), 0);
        assertThat(top.addressRange()).as("range beyond 65535").isEqualTo(-1);
    }

    @ParameterizedTest(name = "exception response of function {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43})
    void everyPublicFunctionHasItsExceptionResponse(int function) {
        // 04 server device failure is possible for every function
        ModbusMessage m = Adu.decode(Adu.of(1, 1, 0x80 | function, 0x04), RESP);
        assertThat(m.isException()).isTrue();
        assertThat(m.function()).isEqualTo(function);
        assertThat(m.functionRaw()).isEqualTo(0x80 | function);
        assertThat(m.errors()).isZero();
        assertThat(Adu.json(m)).endsWith(",\"exception\":{\"raw\":4,\"code\":\"ServerDeviceFail\"}}")
                .contains("\"function_code\":\"" + ModbusCodes.functionName(function) + "\"")
                .contains("\"category\":\"" + (function == 8 || function == 43 ? "NONE" : "PUBLIC_ASSIGNED") + "\"");
        // and it pairs with the request of that function, whatever the request looks like
        Recorder rec = new Recorder();
        ModbusInspector inspector = new ModbusInspector(1, ModbusSettings.DEFAULTS, rec);
        inspector.open(0, false);
        byte[] request = Adu.of(9, 1, function, 0x00, 0x01, 0x00, 0x01);
        byte[] exception = Adu.of(9, 1, 0x80 | function, 0x04);
        inspector.data(0, 0, request, 0, request.length);
        inspector.data(0, 1, exception, 0, exception.length);
        assertThat(rec.log).endsWith("message #1 1", "completed #1");
        assertThat(rec.anomalies).doesNotContain("unsolicited_response", "value_mismatch", "invalid_exception_code");
    }
}
