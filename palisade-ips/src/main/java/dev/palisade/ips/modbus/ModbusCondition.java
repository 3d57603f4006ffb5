package dev.palisade.ips.modbus;

import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_OBJECT_MASK;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_READ;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_WRITE;

import dev.palisade.ips.rules.ProtocolCondition;

/**
 * A parsed {@code modbus:} keyword (see {@link ModbusKeywords} for the syntax). It inspects the
 * transaction's request, or its response when no request was seen, as Suricata does: the unit
 * condition must hold, then the access condition (read/write, object type, address range touched,
 * value written at the address), or else the function category, or else the function code (and
 * diagnostic sub-function). Immutable.
 *
 * @param unit        unit identifier condition, or null
 * @param function    function code 1-127, or 0 when not given
 * @param negated     {@code function !N}: any function but N
 * @param subfunction diagnostic sub-function, or -1
 * @param categories  category bits ({@code function assigned}...), or 0 when not given
 * @param access      access bits (read/write and object type), or 0 when not given
 * @param address     address condition (1-based, as Suricata), or null
 * @param value       written-value condition, or null
 */
public record ModbusCondition(ModbusRange unit, int function, boolean negated, int subfunction, int categories,
        int access, ModbusRange address, ModbusRange value) implements ProtocolCondition {

    @Override
    public String keyword() {
        return "modbus";
    }

    /** Whether the transaction satisfies the keyword. */
    public boolean matches(ModbusTransaction tx) {
        ModbusMessage m = tx.inspected();
        return m != null && matches(m);
    }

    /** Whether the message satisfies the keyword. */
    public boolean matches(ModbusMessage m) {
        if (unit != null && !unit.matches(m.unitId())) {
            return false;
        }
        if (access != 0) {
            int rw = access & (ACCESS_READ | ACCESS_WRITE);
            int objects = access & ACCESS_OBJECT_MASK;
            if ((m.access() & rw) == 0 || objects != 0 && (m.access() & objects) == 0) {
                return false;
            }
            if (address == null) {
                return true;
            }
            long range = m.addressRange();
            if (range < 0 || !address.intersects((int) (range >>> 16), (int) (range & 0xffff))) {
                return false;
            }
            if (value == null) {
                return true;
            }
            int written = m.writtenValueAt(address.low());
            return written >= 0 && value.matches(written);
        }
        if (categories != 0) {
            return (m.category() & categories) != 0;
        }
        if (function != 0) {
            if ((m.function() == function) == negated) {
                return false;
            }
            return subfunction < 0 || m.kind() == ModbusMessage.Kind.DIAGNOSTIC && m.subfunction() == subfunction;
        }
        return true;
    }
}
