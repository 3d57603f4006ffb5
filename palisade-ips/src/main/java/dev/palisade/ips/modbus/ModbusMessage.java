package dev.palisade.ips.modbus;

import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_COILS;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_DISCRETES;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_WRITE;
import static dev.palisade.ips.modbus.ModbusCodes.CATEGORY_PUBLIC_ASSIGNED;
import static dev.palisade.ips.modbus.ModbusCodes.CATEGORY_RESERVED;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_DATA_LENGTH;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_DATA_VALUE;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_EXCEPTION_CODE;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_FUNCTION_CODE;
import static dev.palisade.ips.modbus.ModbusCodes.ERROR_PROTOCOL_ID;

/**
 * One Modbus/TCP application data unit (MBAP header and PDU), decoded: header fields, function,
 * access, category, error flags, and the function's fields ({@link Kind} says which are set).
 * The bytes are copied into the message (at most {@link #MAX_ADU} bytes), so a message outlives
 * the caller's buffer; messages are reused by the engine, and are valid only while the listener
 * call that hands them out lasts.
 *
 * <pre>
 *  0       2       4       6      7       8 ...
 *  | tid   | proto | length| unit | func | data (length - 2 bytes)
 * </pre>
 *
 * Decoding never throws: a PDU too short for its function's fields becomes {@link Kind#BYTES}
 * with {@link ModbusCodes#ERROR_DATA_LENGTH}; out-of-range values set
 * {@link ModbusCodes#ERROR_DATA_VALUE}.
 */
public final class ModbusMessage {

    /** The largest ADU: 7-byte MBAP header and a 253-byte PDU. */
    public static final int MAX_ADU = 260;
    /** MBAP length bounds (unit id, function and data): 2 to 254. */
    public static final int MIN_LENGTH = 2;
    /** MBAP length bounds (unit id, function and data): 2 to 254. */
    public static final int MAX_LENGTH = 254;

    /** Which fields of the function the message carries (and which EVE part it logs). */
    public enum Kind {
        /** Header only: the MBAP length was out of range, nothing after it was read. */
        EMPTY,
        /** Raw data bytes ({@link #dataOffset()}, {@link #dataLength()}). */
        BYTES,
        /** Exception response: {@link #exceptionCode()}. */
        EXCEPTION,
        /** Diagnostics (8): {@link #subfunction()} and data bytes. */
        DIAGNOSTIC,
        /** Encapsulated interface transport (43): {@link #meiType()} and data bytes. */
        MEI,
        /** Read request: {@link #address()}, {@link #quantity()}. */
        READ_REQUEST,
        /** Read response: the data bytes after the byte count. */
        READ_RESPONSE,
        /** Write-multiple request: {@link #address()}, {@link #quantity()}, data bytes after the byte count. */
        WRITE_MULTIPLE,
        /** Mask write (22): {@link #address()}, {@link #andMask()}, {@link #orMask()}. */
        WRITE_MASK,
        /**
         * {@link #address()} and a 16-bit {@link #value()}: single-write requests and responses, and
         * responses to multiple writes (where the value is the quantity written).
         */
        WRITE_SINGLE,
        /**
         * Read/write multiple registers request (23): read {@link #readAddress()},
         * {@link #readQuantity()}; write {@link #address()}, {@link #quantity()} and data bytes.
         */
        READ_WRITE
    }

    final byte[] bytes = new byte[MAX_ADU];
    int size;
    int direction;
    int transactionId;
    int protocolId;
    int length;
    int unitId;
    int functionRaw;
    int access;
    int category;
    int errors;
    Kind kind = Kind.EMPTY;
    int address;
    int quantity;
    int readAddress;
    int readQuantity;
    int value;
    int andMask;
    int orMask;
    int subfunction;
    int meiType;
    int exceptionCode;
    int dataOffset;
    int dataLength;

    /** The ADU's bytes (header included), valid up to {@link #size()}. Do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    /** Number of bytes of the ADU kept in {@link #bytes()}. */
    public int size() {
        return size;
    }

    /** 0 for a request (client to server), 1 for a response. */
    public int direction() {
        return direction;
    }

    /** Whether this is a response. */
    public boolean isResponse() {
        return direction == 1;
    }

    /** MBAP transaction identifier. */
    public int transactionId() {
        return transactionId;
    }

    /** MBAP protocol identifier (0 for Modbus). */
    public int protocolId() {
        return protocolId;
    }

    /** MBAP length field. */
    public int length() {
        return length;
    }

    /** Unit identifier. */
    public int unitId() {
        return unitId;
    }

    /** The function byte as sent (an exception response has bit 7 set). */
    public int functionRaw() {
        return functionRaw;
    }

    /** The function code without the exception bit. */
    public int function() {
        return functionRaw & 0x7f;
    }

    /** Whether this is an exception response. */
    public boolean isException() {
        return kind == Kind.EXCEPTION;
    }

    /** Access bits ({@link ModbusCodes#ACCESS_READ} ...). */
    public int access() {
        return access;
    }

    /** Category bit ({@link ModbusCodes#CATEGORY_PUBLIC_ASSIGNED} ...), 0 when none applies. */
    public int category() {
        return category;
    }

    /** Error bits ({@link ModbusCodes#ERROR_DATA_VALUE} ...). */
    public int errors() {
        return errors;
    }

    /** Which fields are set. */
    public Kind kind() {
        return kind;
    }

    /** Start address (read, single, mask and multiple writes; the write part of function 23). */
    public int address() {
        return address;
    }

    /** Quantity (read requests, multiple writes; the write part of function 23). */
    public int quantity() {
        return quantity;
    }

    /** Read start address of function 23. */
    public int readAddress() {
        return readAddress;
    }

    /** Read quantity of function 23. */
    public int readQuantity() {
        return readQuantity;
    }

    /** The 16-bit value of {@link Kind#WRITE_SINGLE}. */
    public int value() {
        return value;
    }

    /** AND mask of function 22. */
    public int andMask() {
        return andMask;
    }

    /** OR mask of function 22. */
    public int orMask() {
        return orMask;
    }

    /** Diagnostic sub-function. */
    public int subfunction() {
        return subfunction;
    }

    /** MEI type. */
    public int meiType() {
        return meiType;
    }

    /** Exception code. */
    public int exceptionCode() {
        return exceptionCode;
    }

    /** Offset in {@link #bytes()} of the data bytes of the kind (written values, read data, raw data). */
    public int dataOffset() {
        return dataOffset;
    }

    /** Number of data bytes. */
    public int dataLength() {
        return dataLength;
    }

    /**
     * The address range the message accesses, 1-based as Suricata's {@code address} keyword counts
     * (PDU address + 1), packed as {@code first << 16 | last}, or -1 when it accesses none or the
     * range does not fit in 1-65535.
     */
    public long addressRange() {
        int first;
        int count;
        switch (kind) {
            case WRITE_SINGLE, WRITE_MASK -> {
                first = address + 1;
                count = 1;
            }
            case READ_REQUEST, WRITE_MULTIPLE, READ_WRITE -> {
                first = address + 1;
                count = quantity;
            }
            default -> {
                return -1;
            }
        }
        if (count <= 0 || first + count - 1 > 0xffff) {
            return -1;
        }
        return (long) first << 16 | (first + count - 1);
    }

    /**
     * The value the message writes at a 1-based address, or -1 when it writes none there: the
     * value of a single write (a coil as 0 or 1), the register or coil at that position of a
     * multiple write.
     */
    public int writtenValueAt(int address1) {
        if ((access & ACCESS_WRITE) == 0) {
            return -1;
        }
        boolean coils = (access & ACCESS_COILS) != 0;
        if (kind == Kind.WRITE_SINGLE) {
            if (address1 != address + 1) {
                return -1;
            }
            return coils ? (value != 0 ? 1 : 0) : value;
        }
        if (kind != Kind.WRITE_MULTIPLE && kind != Kind.READ_WRITE) {
            return -1;
        }
        int index = address1 - (address + 1);
        if (index < 0 || index >= quantity) {
            return -1;
        }
        if (coils) {
            int byteIndex = index >>> 3;
            if (byteIndex >= dataLength) {
                return -1;
            }
            return (bytes[dataOffset + byteIndex] >>> (index & 7)) & 1;
        }
        int at = index * 2;
        if (at + 1 >= dataLength) {
            return -1;
        }
        return u16(bytes, dataOffset + at);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    void copyFrom(ModbusMessage o) {
        System.arraycopy(o.bytes, 0, bytes, 0, o.size);
        size = o.size;
        direction = o.direction;
        transactionId = o.transactionId;
        protocolId = o.protocolId;
        length = o.length;
        unitId = o.unitId;
        functionRaw = o.functionRaw;
        access = o.access;
        category = o.category;
        errors = o.errors;
        kind = o.kind;
        address = o.address;
        quantity = o.quantity;
        readAddress = o.readAddress;
        readQuantity = o.readQuantity;
        value = o.value;
        andMask = o.andMask;
        orMask = o.orMask;
        subfunction = o.subfunction;
        meiType = o.meiType;
        exceptionCode = o.exceptionCode;
        dataOffset = o.dataOffset;
        dataLength = o.dataLength;
    }

    private void clearFields() {
        unitId = 0;
        functionRaw = 0;
        access = 0;
        category = 0;
        errors = 0;
        kind = Kind.EMPTY;
        address = 0;
        quantity = 0;
        readAddress = 0;
        readQuantity = 0;
        value = 0;
        andMask = 0;
        orMask = 0;
        subfunction = 0;
        meiType = 0;
        exceptionCode = 0;
        dataOffset = 0;
        dataLength = 0;
    }

    /**
     * A header whose length is outside 2-254: only the six MBAP bytes are kept, the message is
     * {@link Kind#EMPTY} with {@link ModbusCodes#ERROR_DATA_LENGTH}.
     */
    void decodeHeaderOnly(byte[] src, int off, int dir) {
        clearFields();
        System.arraycopy(src, off, bytes, 0, 6);
        size = 6;
        direction = dir;
        transactionId = u16(bytes, 0);
        protocolId = u16(bytes, 2);
        length = u16(bytes, 4);
        errors = ERROR_DATA_LENGTH | (protocolId != 0 ? ERROR_PROTOCOL_ID : 0);
    }

    /** Decodes a whole ADU of {@code 6 + length} bytes (length in 2-254, checked by the framer). */
    void decode(byte[] src, int off, int total, int dir) {
        clearFields();
        System.arraycopy(src, off, bytes, 0, total);
        size = total;
        direction = dir;
        transactionId = u16(bytes, 0);
        protocolId = u16(bytes, 2);
        length = u16(bytes, 4);
        unitId = bytes[6] & 0xff;
        functionRaw = bytes[7] & 0xff;
        int f = functionRaw & 0x7f;
        access = ModbusCodes.functionAccess(f);
        if (protocolId != 0) {
            errors |= ERROR_PROTOCOL_ID;
        }
        int n = total - 8;
        if (dir == 1 && functionRaw >= 0x80) {
            decodeException(n);
        } else {
            if (functionRaw == 0 || functionRaw >= 0x80) {
                errors |= ERROR_FUNCTION_CODE;
            }
            if (dir == 0) {
                decodeRequest(f, n);
            } else {
                decodeResponse(f, n);
            }
        }
        category = categoryOf(f);
    }

    private int categoryOf(int f) {
        if (kind == Kind.EXCEPTION) {
            // As Suricata: an exception of diagnostics or MEI has no category, of another known function its own.
            return f == 8 || f == 43 || !ModbusCodes.functionNamed(f) ? 0 : ModbusCodes.functionCategory(f);
        }
        if (f == 8) {
            return kind == Kind.DIAGNOSTIC ? (ModbusCodes.diagnosticAssigned(subfunction) ? CATEGORY_PUBLIC_ASSIGNED : CATEGORY_RESERVED) : 0;
        }
        if (f == 43) {
            return kind == Kind.MEI ? (ModbusCodes.meiAssigned(meiType) ? CATEGORY_PUBLIC_ASSIGNED : CATEGORY_RESERVED) : 0;
        }
        return ModbusCodes.functionCategory(f);
    }

    private void bytesKind(int from, int n) {
        kind = Kind.BYTES;
        dataOffset = from;
        dataLength = n;
    }

    private void expect(int n, int wanted) {
        if (n != wanted) {
            errors |= ERROR_DATA_LENGTH;
        }
    }

    private void decodeException(int n) {
        if (n < 1) {
            errors |= ERROR_DATA_LENGTH;
            bytesKind(8, 0);
            return;
        }
        expect(n, 1);
        kind = Kind.EXCEPTION;
        exceptionCode = bytes[8] & 0xff;
        int f = functionRaw & 0x7f;
        boolean legacyOrSerialOnly = (f > 6 && f < 15) || (f > 16 && f < 20);
        boolean invalid = switch (exceptionCode) {
            case 2 -> legacyOrSerialOnly;
            case 3 -> legacyOrSerialOnly && f != 8;
            case 8 -> f != 20 && f != 21;
            default -> !ModbusCodes.exceptionAssigned(exceptionCode);
        };
        if (invalid) {
            errors |= ERROR_EXCEPTION_CODE;
        }
    }

    private void decodeRequest(int f, int n) {
        switch (f) {
            case 1, 2, 3, 4 -> {
                if (n < 4) {
                    truncated(n);
                    return;
                }
                expect(n, 4);
                kind = Kind.READ_REQUEST;
                address = u16(bytes, 8);
                quantity = u16(bytes, 10);
                int max = (access & (ACCESS_COILS | ACCESS_DISCRETES)) != 0 ? 2000 : 125;
                if (quantity == 0 || quantity > max) {
                    errors |= ERROR_DATA_VALUE;
                }
            }
            case 5, 6 -> decodeSingleWrite(f, n);
            case 7, 11, 12, 17 -> {
                expect(n, 0);
                bytesKind(8, n);
            }
            case 8 -> decodeDiagnostic(n, true);
            case 15, 16 -> {
                if (n < 5) {
                    truncated(n);
                    return;
                }
                kind = Kind.WRITE_MULTIPLE;
                address = u16(bytes, 8);
                quantity = u16(bytes, 10);
                int count = bytes[12] & 0xff;
                dataOffset = 13;
                dataLength = n - 5;
                checkMultipleWrite(f == 15, quantity, count, dataLength, f == 15 ? 1968 : 123);
            }
            case 20 -> decodeFileRecords(n, true, false);
            case 21 -> decodeFileRecords(n, true, true);
            case 22 -> decodeMask(n);
            case 23 -> {
                if (n < 9) {
                    truncated(n);
                    return;
                }
                kind = Kind.READ_WRITE;
                readAddress = u16(bytes, 8);
                readQuantity = u16(bytes, 10);
                address = u16(bytes, 12);
                quantity = u16(bytes, 14);
                int count = bytes[16] & 0xff;
                dataOffset = 17;
                dataLength = n - 9;
                if (readQuantity == 0 || readQuantity > 125) {
                    errors |= ERROR_DATA_VALUE;
                }
                checkMultipleWrite(false, quantity, count, dataLength, 121);
            }
            case 24 -> {
                expect(n, 2);
                bytesKind(8, n);
            }
            case 43 -> decodeMei(n, true);
            default -> bytesKind(8, n);
        }
    }

    private void decodeResponse(int f, int n) {
        switch (f) {
            case 1, 2, 3, 4, 23 -> {
                if (n < 1) {
                    truncated(n);
                    return;
                }
                kind = Kind.READ_RESPONSE;
                int count = bytes[8] & 0xff;
                dataOffset = 9;
                dataLength = n - 1;
                boolean words = f == 3 || f == 4 || f == 23;
                if (count == 0 || count > 250 || count != dataLength || words && (count & 1) != 0) {
                    errors |= ERROR_DATA_VALUE;
                }
            }
            case 5, 6 -> decodeSingleWrite(f, n);
            case 7 -> {
                expect(n, 1);
                bytesKind(8, n);
            }
            case 8 -> decodeDiagnostic(n, false);
            case 11 -> {
                expect(n, 4);
                bytesKind(8, n);
            }
            case 12, 17 -> {
                // byte count, then that many bytes (event log: status, event count, message count, events)
                if (n < 1 || (bytes[8] & 0xff) != n - 1 || f == 12 && n - 1 < 6) {
                    errors |= ERROR_DATA_LENGTH;
                }
                bytesKind(8, n);
            }
            case 15, 16 -> {
                if (n < 4) {
                    truncated(n);
                    return;
                }
                expect(n, 4);
                kind = Kind.WRITE_SINGLE;
                address = u16(bytes, 8);
                value = u16(bytes, 10);
                if (value == 0 || value > (f == 15 ? 1968 : 123)) {
                    errors |= ERROR_DATA_VALUE;
                }
            }
            case 20 -> decodeFileRecords(n, false, false);
            case 21 -> decodeFileRecords(n, false, true);
            case 22 -> decodeMask(n);
            case 24 -> {
                // byte count (2), FIFO count (2, at most 31), FIFO values
                if (n < 4 || u16(bytes, 8) != n - 2 || u16(bytes, 10) > 31 || u16(bytes, 8) != 2 + 2 * u16(bytes, 10)) {
                    errors |= n < 4 || u16(bytes, 8) != n - 2 ? ERROR_DATA_LENGTH : ERROR_DATA_VALUE;
                }
                bytesKind(8, n);
            }
            case 43 -> decodeMei(n, false);
            default -> bytesKind(8, n);
        }
    }

    private void truncated(int n) {
        errors |= ERROR_DATA_LENGTH;
        bytesKind(8, n);
    }

    private void decodeSingleWrite(int f, int n) {
        if (n < 4) {
            truncated(n);
            return;
        }
        expect(n, 4);
        kind = Kind.WRITE_SINGLE;
        address = u16(bytes, 8);
        value = u16(bytes, 10);
        if (f == 5 && value != 0x0000 && value != 0xff00) {
            errors |= ERROR_DATA_VALUE;
        }
    }

    private void checkMultipleWrite(boolean bits, int qty, int count, int present, int max) {
        if (qty == 0 || count != present) {
            errors |= ERROR_DATA_LENGTH;
        }
        int wanted = bits ? (qty + 7) >>> 3 : 2 * qty;
        if (qty > max || count != wanted) {
            errors |= ERROR_DATA_VALUE;
        }
    }

    private void decodeMask(int n) {
        if (n < 6) {
            truncated(n);
            return;
        }
        expect(n, 6);
        kind = Kind.WRITE_MASK;
        address = u16(bytes, 8);
        andMask = u16(bytes, 10);
        orMask = u16(bytes, 12);
    }

    private void decodeDiagnostic(int n, boolean request) {
        if (n < 2) {
            errors |= ERROR_DATA_LENGTH;
            return;
        }
        kind = Kind.DIAGNOSTIC;
        subfunction = u16(bytes, 8);
        dataOffset = 10;
        dataLength = n - 2;
        if (!request) {
            return;
        }
        // Return Query Data (0) echoes any data; every other request carries exactly one 16-bit field.
        if (subfunction != 0 && n != 4) {
            errors |= ERROR_DATA_LENGTH;
        }
        if (n == 4) {
            int hi = bytes[10] & 0xff;
            int lo = bytes[11] & 0xff;
            boolean bad = switch (subfunction) {
                case 0, 4 -> false;
                case 1 -> lo != 0 || (hi != 0 && hi != 0xff);
                case 3 -> lo != 0;
                default -> ModbusCodes.diagnosticAssigned(subfunction) && (hi != 0 || lo != 0);
            };
            if (bad) {
                errors |= ERROR_DATA_VALUE;
            }
        }
    }

    private void decodeMei(int n, boolean request) {
        if (n < 1) {
            errors |= ERROR_DATA_LENGTH;
            return;
        }
        kind = Kind.MEI;
        meiType = bytes[8] & 0xff;
        dataOffset = 9;
        dataLength = n - 1;
        if (meiType != 14) {
            return;
        }
        if (request) {
            // read device id code (1 basic, 2 regular, 3 extended, 4 one object), object id
            expect(dataLength, 2);
            int code = dataLength >= 1 ? bytes[9] & 0xff : 0;
            if (dataLength >= 1 && (code < 1 || code > 4)) {
                errors |= ERROR_DATA_VALUE;
            }
            return;
        }
        // code, conformity level, more follows, next object id, number of objects, objects (id, length, value)
        if (dataLength < 5) {
            errors |= ERROR_DATA_LENGTH;
            return;
        }
        int code = bytes[9] & 0xff;
        int more = bytes[11] & 0xff;
        if (code < 1 || code > 4 || (more != 0 && more != 0xff)) {
            errors |= ERROR_DATA_VALUE;
        }
        int objects = bytes[13] & 0xff;
        int at = 14;
        int end = 8 + n;
        for (int i = 0; i < objects; i++) {
            if (at + 2 > end) {
                errors |= ERROR_DATA_LENGTH;
                return;
            }
            at += 2 + (bytes[at + 1] & 0xff);
        }
        if (at != end) {
            errors |= ERROR_DATA_LENGTH;
        }
    }

    private void decodeFileRecords(int n, boolean request, boolean write) {
        bytesKind(8, n);
        if (n < 1) {
            errors |= ERROR_DATA_LENGTH;
            return;
        }
        int count = bytes[8] & 0xff;
        if (count != n - 1) {
            errors |= ERROR_DATA_LENGTH;
            return;
        }
        int at = 9;
        int end = 8 + n;
        if (request && !write) {
            // sub-requests of 7 bytes: reference type 6, file number, record number, record length
            if (count < 7 || count > 245 || count % 7 != 0) {
                errors |= ERROR_DATA_LENGTH;
                return;
            }
            for (; at < end; at += 7) {
                if ((bytes[at] & 0xff) != 6 || u16(bytes, at + 3) > 9999) {
                    errors |= ERROR_DATA_VALUE;
                }
            }
            return;
        }
        if (!write) {
            // sub-responses: length, reference type 6, record data (length - 1 bytes)
            while (at < end) {
                int len = bytes[at] & 0xff;
                if (len < 1 || at + 1 + len > end) {
                    errors |= ERROR_DATA_LENGTH;
                    return;
                }
                if ((bytes[at + 1] & 0xff) != 6) {
                    errors |= ERROR_DATA_VALUE;
                }
                at += 1 + len;
            }
            return;
        }
        // write request and its echo: reference type 6, file, record number, record length, 2 * length bytes
        if (count < 9) {
            errors |= ERROR_DATA_LENGTH;
            return;
        }
        while (at < end) {
            if (at + 7 > end) {
                errors |= ERROR_DATA_LENGTH;
                return;
            }
            if ((bytes[at] & 0xff) != 6 || u16(bytes, at + 3) > 9999) {
                errors |= ERROR_DATA_VALUE;
            }
            int len = u16(bytes, at + 5);
            at += 7 + 2 * len;
            if (at > end) {
                errors |= ERROR_DATA_LENGTH;
                return;
            }
        }
    }

    @Override
    public String toString() {
        return (direction == 0 ? "request" : "response") + "{tid=" + transactionId + ", unit=" + unitId + ", function="
                + functionRaw + " " + ModbusCodes.functionName(function()) + ", " + kind + ", errors="
                + ModbusCodes.errorString(errors) + "}";
    }
}
