package dev.palisade.config;

import dev.palisade.config.model.PortRange;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads port-valued keys and knows the ports reserved for the gateway's own services (DNS, DHCP,
 * web interface, central management, MQTT, Syslog), which custom rules may not name.
 */
final class Ports {

    /** Reserved by the system; see "Managing the firewall", custom rule limitations. */
    static final Set<Integer> RESERVED = Set.of(53, 67, 68, 443, 13294, 1883, 8883, 514);

    private Ports() {
    }

    static boolean isReserved(long port) {
        return port >= 0 && port <= 65535 && RESERVED.contains((int) port);
    }

    /**
     * A firewall port condition: absent, {@code ""} or {@code any} for any port; a port 1-65535 as a
     * JSON integer or a string; or (an extension) a range {@code lo-hi}. A single reserved port is
     * refused; a range that merely contains one is not, just as {@code any} is not.
     */
    static Optional<PortRange> rulePort(Fields fields, String key) {
        if (Addresses.blank(fields, key)) {
            return Optional.of(PortRange.ANY);
        }
        var value = fields.raw(key);
        if (value.isString() && value.stringValue().equals("any")) {
            return Optional.of(PortRange.ANY);
        }
        OptionalLong single = Numbers.integer(value);
        if (single.isPresent()) {
            long port = single.getAsLong();
            if (port < 1 || port > 65535) {
                fields.error(key, "port " + port + " is not within 1-65535");
                return Optional.empty();
            }
            if (isReserved(port)) {
                fields.error(key, "port " + port + " is reserved for the gateway's own services "
                        + "and cannot be used in custom rules");
                return Optional.empty();
            }
            return Optional.of(PortRange.single((int) port));
        }
        if (!value.isString()) {
            fields.error(key, "expected a port number, a range lo-hi, any or \"\", found " + Fields.typeOf(value));
            return Optional.empty();
        }
        String text = value.stringValue();
        int dash = text.indexOf('-');
        OptionalLong lo = dash < 0 ? OptionalLong.empty() : Numbers.digits(text.substring(0, dash));
        OptionalLong hi = dash < 0 ? OptionalLong.empty() : Numbers.digits(text.substring(dash + 1));
        if (lo.isEmpty() || hi.isEmpty()) {
            fields.error(key, "'" + text + "' is not a port number, a range lo-hi, any or \"\"");
            return Optional.empty();
        }
        if (lo.getAsLong() < 1 || hi.getAsLong() > 65535 || lo.getAsLong() > hi.getAsLong()) {
            fields.error(key, "'" + text + "' is not a range lo-hi with 1 <= lo <= hi <= 65535");
            return Optional.empty();
        }
        if (lo.getAsLong() == hi.getAsLong() && isReserved(lo.getAsLong())) {
            fields.error(key, "port " + lo.getAsLong() + " is reserved for the gateway's own services "
                    + "and cannot be used in custom rules");
            return Optional.empty();
        }
        long lowest = RESERVED.stream().filter(r -> r >= lo.getAsLong() && r <= hi.getAsLong())
                .mapToLong(Integer::longValue).min().orElse(-1);
        if (lowest >= 0) {
            // Allowed, as "any" is; but a deny over it also cuts that service of the gateway.
            fields.problems().warning(fields.path(key), "range " + text + " includes port " + lowest
                    + ", reserved for the gateway's own services: a deny rule over it cuts that service too");
        }
        return Optional.of(new PortRange((int) lo.getAsLong(), (int) hi.getAsLong()));
    }
}
