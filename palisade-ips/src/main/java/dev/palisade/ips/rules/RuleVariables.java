package dev.palisade.ips.rules;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The address and port variables rule headers refer to ({@code $HOME_NET}, {@code $MODBUS_PORTS}),
 * as Suricata takes them from {@code vars:} in suricata.yaml. Values are group texts that may
 * refer to other variables ({@code EXTERNAL_NET = !$HOME_NET}); they are checked when a rule uses
 * them, so a bad value is reported at the rule with the variable's name. Immutable: the
 * {@code with...} methods return a new object.
 */
public final class RuleVariables {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final Map<String, String> addresses;
    private final Map<String, String> ports;

    private RuleVariables(Map<String, String> addresses, Map<String, String> ports) {
        this.addresses = Collections.unmodifiableMap(addresses);
        this.ports = Collections.unmodifiableMap(ports);
    }

    /** No variables at all. */
    public static RuleVariables empty() {
        return new RuleVariables(new TreeMap<>(), new TreeMap<>());
    }

    /** The variables and values of the suricata.yaml that Suricata 7 ships. */
    public static RuleVariables defaults() {
        Map<String, String> a = new TreeMap<>();
        a.put("HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]");
        a.put("EXTERNAL_NET", "!$HOME_NET");
        for (String home : new String[] {"HTTP_SERVERS", "SMTP_SERVERS", "SQL_SERVERS", "DNS_SERVERS",
            "TELNET_SERVERS", "DC_SERVERS", "DNP3_SERVER", "DNP3_CLIENT", "MODBUS_CLIENT", "MODBUS_SERVER",
            "ENIP_CLIENT", "ENIP_SERVER"}) {
            a.put(home, "$HOME_NET");
        }
        a.put("AIM_SERVERS", "$EXTERNAL_NET");
        Map<String, String> p = new TreeMap<>();
        p.put("HTTP_PORTS", "80");
        p.put("SHELLCODE_PORTS", "!80");
        p.put("ORACLE_PORTS", "1521");
        p.put("SSH_PORTS", "22");
        p.put("DNP3_PORTS", "20000");
        p.put("MODBUS_PORTS", "502");
        p.put("FILE_DATA_PORTS", "[$HTTP_PORTS,110,143]");
        p.put("FTP_PORTS", "21");
        p.put("GENEVE_PORTS", "6081");
        p.put("VXLAN_PORTS", "4789");
        p.put("TEREDO_PORTS", "3544");
        return new RuleVariables(a, p);
    }

    /** A copy with address variable {@code name} (with or without {@code $}) set to {@code value}. */
    public RuleVariables withAddress(String name, String value) {
        Map<String, String> a = new TreeMap<>(addresses);
        a.put(checkName(name), checkValue(value));
        return new RuleVariables(a, new TreeMap<>(ports));
    }

    /** A copy with port variable {@code name} (with or without {@code $}) set to {@code value}. */
    public RuleVariables withPort(String name, String value) {
        Map<String, String> p = new TreeMap<>(ports);
        p.put(checkName(name), checkValue(value));
        return new RuleVariables(new TreeMap<>(addresses), p);
    }

    public Optional<String> address(String name) {
        return Optional.ofNullable(addresses.get(name));
    }

    public Optional<String> port(String name) {
        return Optional.ofNullable(ports.get(name));
    }

    public Set<String> addressNames() {
        return addresses.keySet();
    }

    public Set<String> portNames() {
        return ports.keySet();
    }

    private static String checkName(String name) {
        String n = name.startsWith("$") ? name.substring(1) : name;
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("a variable name is letters, digits and '_': " + name);
        }
        return n;
    }

    private static String checkValue(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a variable needs a value");
        }
        return value.strip();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleVariables v && v.addresses.equals(addresses) && v.ports.equals(ports);
    }

    @Override
    public int hashCode() {
        return addresses.hashCode() * 31 + ports.hashCode();
    }

    @Override
    public String toString() {
        return "RuleVariables" + addresses + ports;
    }
}
