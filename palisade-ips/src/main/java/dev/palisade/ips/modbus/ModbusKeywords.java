package dev.palisade.ips.modbus;

import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_COILS;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_DISCRETES;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_HOLDING;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_INPUT;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_READ;
import static dev.palisade.ips.modbus.ModbusCodes.ACCESS_WRITE;
import static dev.palisade.ips.modbus.ModbusCodes.CATEGORY_ALL;
import static dev.palisade.ips.modbus.ModbusCodes.CATEGORY_PUBLIC_ASSIGNED;
import static dev.palisade.ips.modbus.ModbusCodes.CATEGORY_PUBLIC_UNASSIGNED;
import static dev.palisade.ips.modbus.ModbusCodes.CATEGORY_RESERVED;
import static dev.palisade.ips.modbus.ModbusCodes.CATEGORY_USER_DEFINED;

import dev.palisade.ips.rules.ProtocolCondition;
import dev.palisade.ips.rules.ProtocolKeywords;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Modbus keywords of the rule language: protocol {@code modbus}, the keyword {@code modbus:}
 * and the anomaly event names. Forms of {@code modbus:} (Suricata's, plus {@code function !N}):
 *
 * <pre>
 *   function N                       N = 1-127
 *   function !N                      any function but N
 *   function N, subfunction M        diagnostics sub-function (M = 0-65535)
 *   function [!]assigned|unassigned|public|user|reserved|all
 *   access read|write [discretes|coils|input|holding]      (discretes and input: read only)
 *   access ... , address A           A = N | &lt;N | &gt;N | N&lt;&gt;M (1-based, 0-65535)
 *   access write ..., address N, value V                   V as A; needs one exact address
 *   unit U [, function ... | , access ...]                 U = N | &lt;N | &gt;N | N&lt;&gt;M (0-255)
 * </pre>
 *
 * The value may be quoted. A form that does not parse is refused with the reason.
 */
public final class ModbusKeywords implements ProtocolKeywords {

    private static final Set<String> EVENT_NAMES = Arrays.stream(ModbusEvent.values())
            .map(ModbusEvent::ruleName).collect(Collectors.toUnmodifiableSet());

    @Override
    public String protocol() {
        return "modbus";
    }

    @Override
    public boolean isBuffer(String name) {
        return false;
    }

    @Override
    public boolean isKeyword(String name) {
        return "modbus".equals(name);
    }

    @Override
    public ProtocolCondition parse(String name, String value) {
        if (!isKeyword(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a Modbus keyword (the keyword is 'modbus')");
        }
        return parseCondition(value);
    }

    @Override
    public Set<String> eventNames() {
        return EVENT_NAMES;
    }

    /**
     * Parses the value of {@code modbus:}.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static ModbusCondition parseCondition(String value) {
        String v = value == null ? "" : value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1).strip();
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException("modbus needs 'function ...', 'access ...' or 'unit ...'");
        }
        String[] parts = v.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        String first = word(parts[0]);
        ModbusRange unit = null;
        int from = 0;
        if (first.equals("unit")) {
            unit = ModbusRange.parse("unit", rest(parts[0], "unit"), 255);
            if (parts.length == 1) {
                return new ModbusCondition(unit, 0, false, -1, 0, 0, null, null);
            }
            from = 1;
            first = word(parts[1]);
        }
        return switch (first) {
            case "function" -> function(unit, parts, from);
            case "access" -> access(unit, parts, from);
            case "unit" -> throw new IllegalArgumentException("modbus: 'unit' may be given once, first");
            default -> throw new IllegalArgumentException("modbus: expected 'function', 'access' or 'unit' but found '"
                    + parts[from] + "'");
        };
    }

    private static String word(String part) {
        int i = 0;
        while (i < part.length() && Character.isLetter(part.charAt(i))) {
            i++;
        }
        return part.substring(0, i);
    }

    private static String rest(String part, String word) {
        return part.substring(word.length()).strip();
    }

    private static ModbusCondition function(ModbusRange unit, String[] parts, int at) {
        String arg = rest(parts[at], "function");
        if (arg.isEmpty()) {
            throw new IllegalArgumentException("modbus: 'function' needs a code (1-127) or a class "
                    + "(assigned, unassigned, public, user, reserved, all), optionally negated with '!'");
        }
        boolean negated = arg.startsWith("!");
        String what = negated ? arg.substring(1).strip() : arg;
        int subfunction = -1;
        if (parts.length > at + 2) {
            throw new IllegalArgumentException("modbus: unexpected '" + parts[at + 2] + "' after the function");
        }
        if (!what.isEmpty() && Character.isDigit(what.charAt(0))) {
            if (what.length() > 3 || !what.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("modbus: function '" + what + "' is not a number from 1 to 127");
            }
            int code = Integer.parseInt(what);
            if (code < 1 || code > 127) {
                throw new IllegalArgumentException("modbus: function " + code
                        + " is out of range: function codes are 1-127 (128-255 mark exception responses, 0 is invalid)");
            }
            if (parts.length == at + 2) {
                String sub = parts[at + 1];
                if (!word(sub).equals("subfunction")) {
                    throw new IllegalArgumentException("modbus: expected 'subfunction M' after the function but found '" + sub + "'");
                }
                if (negated) {
                    throw new IllegalArgumentException("modbus: 'subfunction' cannot follow a negated function");
                }
                ModbusRange s = ModbusRange.parse("subfunction", rest(sub, "subfunction"), 65535);
                if (s.form() != ModbusRange.Form.EXACT) {
                    throw new IllegalArgumentException("modbus: subfunction takes one number (0-65535)");
                }
                subfunction = s.low();
            }
            return new ModbusCondition(unit, code, negated, subfunction, 0, 0, null, null);
        }
        if (parts.length == at + 2) {
            throw new IllegalArgumentException("modbus: a function class cannot take '" + parts[at + 1] + "'");
        }
        int categories = switch (what) {
            case "assigned" -> CATEGORY_PUBLIC_ASSIGNED;
            case "unassigned" -> CATEGORY_PUBLIC_UNASSIGNED;
            case "public" -> CATEGORY_PUBLIC_ASSIGNED | CATEGORY_PUBLIC_UNASSIGNED;
            case "user" -> CATEGORY_USER_DEFINED;
            case "reserved" -> CATEGORY_RESERVED;
            case "all" -> CATEGORY_ALL;
            default -> throw new IllegalArgumentException("modbus: unknown function '" + what
                    + "': expected a code (1-127) or assigned, unassigned, public, user, reserved, all");
        };
        if (negated) {
            categories = CATEGORY_ALL & ~categories;
            if (categories == 0) {
                throw new IllegalArgumentException("modbus: 'function !all' can never match");
            }
        }
        return new ModbusCondition(unit, 0, false, -1, categories, 0, null, null);
    }

    private static ModbusCondition access(ModbusRange unit, String[] parts, int at) {
        String[] words = rest(parts[at], "access").split("\\s+");
        if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
            throw new IllegalArgumentException("modbus: expected 'access read|write [discretes|coils|input|holding]' but found '"
                    + parts[at] + "'");
        }
        int access = switch (words[0]) {
            case "read" -> ACCESS_READ;
            case "write" -> ACCESS_WRITE;
            default -> throw new IllegalArgumentException("modbus: access must be 'read' or 'write', not '" + words[0] + "'");
        };
        if (words.length == 2) {
            int object = switch (words[1]) {
                case "discretes" -> ACCESS_DISCRETES;
                case "coils" -> ACCESS_COILS;
                case "input" -> ACCESS_INPUT;
                case "holding" -> ACCESS_HOLDING;
                default -> throw new IllegalArgumentException("modbus: unknown object type '" + words[1]
                        + "': expected discretes, coils, input or holding");
            };
            if (access == ACCESS_WRITE && (object == ACCESS_DISCRETES || object == ACCESS_INPUT)) {
                throw new IllegalArgumentException("modbus: " + words[1] + " can only be read (write applies to coils and holding)");
            }
            access |= object;
        }
        ModbusRange address = null;
        ModbusRange value = null;
        if (parts.length > at + 1) {
            String a = parts[at + 1];
            if (!word(a).equals("address")) {
                throw new IllegalArgumentException("modbus: expected 'address ...' after the access but found '" + a + "'");
            }
            address = ModbusRange.parse("address", rest(a, "address"), 65535);
        }
        if (parts.length > at + 2) {
            String w = parts[at + 2];
            if (!word(w).equals("value")) {
                throw new IllegalArgumentException("modbus: expected 'value ...' after the address but found '" + w + "'");
            }
            if ((access & ACCESS_WRITE) == 0) {
                throw new IllegalArgumentException("modbus: 'value' only works with 'access write'");
            }
            if (address.form() != ModbusRange.Form.EXACT) {
                throw new IllegalArgumentException("modbus: 'value' needs one exact address, not the range '" + address + "'");
            }
            value = ModbusRange.parse("value", rest(w, "value"), 65535);
        }
        if (parts.length > at + 3) {
            throw new IllegalArgumentException("modbus: unexpected '" + parts[at + 3] + "' after the value");
        }
        return new ModbusCondition(unit, 0, false, -1, 0, access, address, value);
    }
}
