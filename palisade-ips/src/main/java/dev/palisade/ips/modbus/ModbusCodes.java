package dev.palisade.ips.modbus;

/**
 * The Modbus code tables: function codes with the names Suricata logs, their category (public
 * assigned, public unassigned, user-defined, reserved) and the access they make, diagnostic
 * sub-functions, MEI types and exception codes, and the bit sets ({@link #ACCESS_READ} ...,
 * {@link #CATEGORY_PUBLIC_ASSIGNED} ..., {@link #ERROR_DATA_VALUE} ...) a {@link ModbusMessage}
 * carries, with their EVE spelling ("READ | COILS", "PUBLIC_ASSIGNED", "DATA_VALUE").
 *
 * <p>Categories follow the Modbus Application Protocol V1.1b3 (section 5 and annex A): public
 * assigned are 1-8, 11, 12, 15-17, 20-24 and 43; user-defined 65-72 and 100-110; reserved 9, 10,
 * 13, 14, 41, 42, 90, 91, 125-127; every other code from 1 to 127 is public unassigned. (Suricata
 * counts the legacy 9, 10, 13, 14, 18 and 19 as assigned because its parser has names for them;
 * the names are kept for the EVE output, the categories are the specification's.)
 */
public final class ModbusCodes {

    /** Access: the function reads. */
    public static final int ACCESS_READ = 0x01;
    /** Access: the function writes. */
    public static final int ACCESS_WRITE = 0x02;
    /** Access: discrete inputs. */
    public static final int ACCESS_DISCRETES = 0x04;
    /** Access: coils. */
    public static final int ACCESS_COILS = 0x08;
    /** Access: input registers. */
    public static final int ACCESS_INPUT = 0x10;
    /** Access: holding registers. */
    public static final int ACCESS_HOLDING = 0x20;
    /** Access: a single object. */
    public static final int ACCESS_SINGLE = 0x40;
    /** Access: several objects. */
    public static final int ACCESS_MULTIPLE = 0x80;
    /** Access: the object-type bits. */
    public static final int ACCESS_OBJECT_MASK = ACCESS_DISCRETES | ACCESS_COILS | ACCESS_INPUT | ACCESS_HOLDING;

    /** Category: public function code defined by the specification. */
    public static final int CATEGORY_PUBLIC_ASSIGNED = 0x01;
    /** Category: public function code not (yet) defined. */
    public static final int CATEGORY_PUBLIC_UNASSIGNED = 0x02;
    /** Category: user-defined function code (65-72, 100-110). */
    public static final int CATEGORY_USER_DEFINED = 0x04;
    /** Category: reserved (legacy, vendor) function code. */
    public static final int CATEGORY_RESERVED = 0x08;
    /** Every category bit. */
    public static final int CATEGORY_ALL = 0x0f;

    /** Error: a value field is out of its range. */
    public static final int ERROR_DATA_VALUE = 0x01;
    /** Error: the length of the PDU or of a field is wrong. */
    public static final int ERROR_DATA_LENGTH = 0x02;
    /** Error: an exception code the function cannot have. */
    public static final int ERROR_EXCEPTION_CODE = 0x04;
    /** Error: a function code no request may carry (0, or 128 and above). */
    public static final int ERROR_FUNCTION_CODE = 0x08;
    /** Error: the MBAP protocol identifier is not 0. */
    public static final int ERROR_PROTOCOL_ID = 0x10;

    private static final String[] FUNCTION_NAMES = new String[128];
    private static final byte[] FUNCTION_CATEGORY = new byte[128];
    private static final short[] FUNCTION_ACCESS = new short[128];
    private static final String[] DIAGNOSTIC_NAMES = {
        "RetQueryData", "RestartCommOpt", "RetDiagReg", "ChangeInputDelimiter", "ForceListenOnlyMode",
        null, null, null, null, null, "ClearCtrDiagReg", "RetBusMsgCount", "RetBusCommErrCount",
        "RetBusExcErrCount", "RetServerMsgCount", "RetServerNoRespCount", "RetServerNAKCount",
        "RetServerBusyCount", "RetBusCharOverrunCount", "RetOverrunErrCount", "ClearOverrunCounterFlag",
        "GetClearPlusStats"};
    private static final String[] EXCEPTION_NAMES = {
        null, "IllegalFunction", "IllegalDataAddr", "IllegalDataValue", "ServerDeviceFail", "Ack",
        "ServerDeviceBusy", "NegAck", "MemParityErr", null, "GatewayPathUnavailable", "GatewayTargetFailToResp"};
    // Display order of the access flags, as Suricata prints them: every flag (and composite) whose bits are all set.
    private static final String[] ACCESS_FLAG_NAMES = {
        "READ", "WRITE", "DISCRETES", "COILS", "INPUT", "HOLDING", "SINGLE", "MULTIPLE",
        "BIT_ACCESS_MASK", "FUNC_MASK", "WRITE_SINGLE", "WRITE_MULTIPLE"};
    private static final int[] ACCESS_FLAG_BITS = {
        0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x0c, 0x3c, 0x42, 0x82};
    private static final String[] ACCESS_STRINGS = new String[256];
    private static final String[] CATEGORY_STRINGS = new String[16];
    private static final String[] ERROR_STRINGS = new String[32];

    static {
        String[] names = {
            null, "RdCoils", "RdDiscreteInputs", "RdHoldRegs", "RdInputRegs", "WrSingleCoil", "WrSingleReg",
            "RdExcStatus", "Diagnostic", "Program484", "Poll484", "GetCommEventCtr", "GetCommEventLog",
            "ProgramController", "PollController", "WrMultCoils", "WrMultRegs", "ReportServerID", "Program884",
            "ResetCommLink", "RdFileRec", "WrFileRec", "MaskWrReg", "RdWrMultRegs", "RdFIFOQueue"};
        for (int f = 0; f < 128; f++) {
            FUNCTION_NAMES[f] = f < names.length && names[f] != null ? names[f] : "Unknown";
            FUNCTION_CATEGORY[f] = (byte) categoryOfCode(f);
        }
        FUNCTION_NAMES[43] = "MEI";
        FUNCTION_ACCESS[1] = ACCESS_READ | ACCESS_COILS;
        FUNCTION_ACCESS[2] = ACCESS_READ | ACCESS_DISCRETES;
        FUNCTION_ACCESS[3] = ACCESS_READ | ACCESS_HOLDING;
        FUNCTION_ACCESS[4] = ACCESS_READ | ACCESS_INPUT;
        FUNCTION_ACCESS[5] = ACCESS_WRITE | ACCESS_SINGLE | ACCESS_COILS;
        FUNCTION_ACCESS[6] = ACCESS_WRITE | ACCESS_SINGLE | ACCESS_HOLDING;
        FUNCTION_ACCESS[15] = ACCESS_WRITE | ACCESS_MULTIPLE | ACCESS_COILS;
        FUNCTION_ACCESS[16] = ACCESS_WRITE | ACCESS_MULTIPLE | ACCESS_HOLDING;
        FUNCTION_ACCESS[22] = ACCESS_WRITE | ACCESS_HOLDING;
        FUNCTION_ACCESS[23] = ACCESS_READ | ACCESS_WRITE | ACCESS_MULTIPLE | ACCESS_HOLDING;
        for (int a = 0; a < 256; a++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < ACCESS_FLAG_BITS.length; i++) {
                if ((a & ACCESS_FLAG_BITS[i]) == ACCESS_FLAG_BITS[i]) {
                    sb.append(sb.isEmpty() ? "" : " | ").append(ACCESS_FLAG_NAMES[i]);
                }
            }
            ACCESS_STRINGS[a] = sb.isEmpty() ? "NONE" : sb.toString();
        }
        String[] categoryNames = {"PUBLIC_ASSIGNED", "PUBLIC_UNASSIGNED", "USER_DEFINED", "RESERVED"};
        for (int c = 0; c < 16; c++) {
            CATEGORY_STRINGS[c] = join(c, categoryNames);
        }
        String[] errorNames = {"DATA_VALUE", "DATA_LENGTH", "EXC_CODE", "FUNC_CODE", "PROTO_ID"};
        for (int e = 0; e < 32; e++) {
            ERROR_STRINGS[e] = join(e, errorNames);
        }
    }

    private ModbusCodes() {
    }

    private static String join(int bits, String[] names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : " | ").append(names[i]);
            }
        }
        return sb.isEmpty() ? "NONE" : sb.toString();
    }

    private static int categoryOfCode(int f) {
        return switch (f) {
            case 0 -> 0;
            case 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43 -> CATEGORY_PUBLIC_ASSIGNED;
            case 9, 10, 13, 14, 41, 42, 90, 91, 125, 126, 127 -> CATEGORY_RESERVED;
            default -> (f >= 65 && f <= 72) || (f >= 100 && f <= 110) ? CATEGORY_USER_DEFINED : CATEGORY_PUBLIC_UNASSIGNED;
        };
    }

    /** The name Suricata logs as {@code function_code} for a function code (0-127), "Unknown" if it has none. */
    public static String functionName(int function) {
        return function >= 0 && function < 128 ? FUNCTION_NAMES[function] : "Unknown";
    }

    /** Whether Suricata has a name for the function code (1-24, 43). */
    public static boolean functionNamed(int function) {
        return function > 0 && function < 128 && !FUNCTION_NAMES[function].equals("Unknown");
    }

    /** The category bit of a function code (0-127) by code alone; 0 for code 0 and out of range. */
    public static int functionCategory(int function) {
        return function > 0 && function < 128 ? FUNCTION_CATEGORY[function] : 0;
    }

    /** The access bits of a function code (0-127): read/write and object type. */
    public static int functionAccess(int function) {
        return function > 0 && function < 128 ? FUNCTION_ACCESS[function] : 0;
    }

    /** Whether the specification defines the diagnostic sub-function (0-4, 10-21). */
    public static boolean diagnosticAssigned(int subfunction) {
        return subfunction >= 0 && subfunction < DIAGNOSTIC_NAMES.length && DIAGNOSTIC_NAMES[subfunction] != null;
    }

    /** The diagnostic sub-function's name, "Reserved" when unassigned. */
    public static String diagnosticName(int subfunction) {
        return diagnosticAssigned(subfunction) ? DIAGNOSTIC_NAMES[subfunction] : "Reserved";
    }

    /** Whether the MEI type is assigned (13 CANopen general reference, 14 read device identification). */
    public static boolean meiAssigned(int meiType) {
        return meiType == 13 || meiType == 14;
    }

    /** The MEI type's name as Suricata logs it. */
    public static String meiName(int meiType) {
        return switch (meiType) {
            case 13 -> "CANOpenGenRefReqResp";
            case 14 -> "RdDevId";
            default -> "Unknown";
        };
    }

    /** Whether the exception code is defined (1-8, 10, 11). */
    public static boolean exceptionAssigned(int code) {
        return code >= 0 && code < EXCEPTION_NAMES.length && EXCEPTION_NAMES[code] != null;
    }

    /** The exception code's name, "Unknown" when undefined. */
    public static String exceptionName(int code) {
        return exceptionAssigned(code) ? EXCEPTION_NAMES[code] : "Unknown";
    }

    /** The access bits as Suricata prints them, e.g. "WRITE | COILS | SINGLE | WRITE_SINGLE", or "NONE". */
    public static String accessString(int access) {
        return ACCESS_STRINGS[access & 0xff];
    }

    /** The category bits as Suricata prints them, e.g. "PUBLIC_ASSIGNED", or "NONE". */
    public static String categoryString(int category) {
        return CATEGORY_STRINGS[category & 0x0f];
    }

    /** The error bits as Suricata prints them, e.g. "DATA_VALUE | DATA_LENGTH", or "NONE". */
    public static String errorString(int errors) {
        return ERROR_STRINGS[errors & 0x1f];
    }
}
