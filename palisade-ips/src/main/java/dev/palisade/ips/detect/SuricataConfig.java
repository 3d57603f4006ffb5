package dev.palisade.ips.detect;

import dev.palisade.ips.modbus.ModbusSettings;
import dev.palisade.ips.mqtt.MqttEveOptions;
import dev.palisade.ips.mqtt.MqttLimits;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The settings of a Suricata configuration file ({@code suricata.yaml}) that change what the
 * protector does, plus {@code --set key=value} overrides, read as Suricata reads them:
 * {@code app-layer.protocols.modbus.enabled}, {@code .request-flood}, {@code .detection-ports.dp},
 * {@code app-layer.protocols.mqtt.enabled}, {@code .max-msg-length}, {@code .max-tx},
 * {@code stream.midstream}, {@code flow-timeouts.tcp|udp.new|established}, and the EVE
 * {@code mqtt} type's {@code string-log-limit} and {@code passwords}. A setting the file omits
 * takes Suricata's built-in default (Modbus off, MQTT on, midstream off, passwords logged, flow
 * timeouts 30 s new and 300 s established). Everything else in the file is ignored. The file is parsed
 * as data only (no tags, no object construction); a value that is present but invalid is an
 * error with the key's name, as Suricata refuses it.
 */
public final class SuricataConfig {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> values;

    private SuricataConfig(Map<String, String> values) {
        this.values = values;
    }

    /** No file: every setting at Suricata's default. */
    public static SuricataConfig empty() {
        return new SuricataConfig(new LinkedHashMap<>());
    }

    /**
     * Parses a configuration's text (a leading {@code %YAML 1.1} directive is accepted).
     *
     * @throws IllegalArgumentException when the text is not YAML or not a mapping
     */
    public static SuricataConfig parse(String text) {
        String body = text.replaceFirst("\\A\\s*%YAML[^\\n]*\\n", "");
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a valid YAML document: " + e.getOriginalMessage(), e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw new IllegalArgumentException("a Suricata configuration is a mapping at the top level");
            }
            flatten("", root, flat, 0);
        }
        return new SuricataConfig(flat);
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("the configuration nests deeper than 64 levels");
        }
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, depth + 1);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "." + i, n.get(i), out, depth + 1);
            }
        } else if (!n.isNull()) {
            out.put(prefix, n.asString());
        }
    }

    /** A copy with {@code key=value} applied (Suricata's {@code --set}). */
    public SuricataConfig with(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set takes key=value, not '" + assignment + "'");
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(assignment.substring(0, eq).strip(), assignment.substring(eq + 1).strip());
        return new SuricataConfig(copy);
    }

    /** The raw value of a dotted key, or null. */
    public String get(String key) {
        return values.get(key);
    }

    /** The protector settings this configuration asks for, starting from {@code base} (flows, ports). */
    public ProtectorSettings settings(ProtectorSettings base) {
        boolean modbusOn = bool("app-layer.protocols.modbus.enabled", false);
        boolean mqttOn = bool("app-layer.protocols.mqtt.enabled", true);
        int flood = (int) number("app-layer.protocols.modbus.request-flood", ModbusSettings.DEFAULTS.requestFloodThreshold());
        ModbusSettings modbus = base.modbus().withRequestFloodThreshold(flood);
        int modbusPort = (int) number("app-layer.protocols.modbus.detection-ports.dp", base.modbusPort());
        long maxMsg = size("app-layer.protocols.mqtt.max-msg-length", MqttLimits.DEFAULTS.maxMessageLength());
        long maxTx = number("app-layer.protocols.mqtt.max-tx", MqttLimits.DEFAULTS.maxTransactions());
        MqttLimits mqtt = new MqttLimits((int) Math.min(maxMsg, MqttLimits.MAX_REMAINING_LENGTH), (int) Math.max(1, maxTx),
                MqttLimits.DEFAULTS.maxMessagesPerTransaction());
        int logLimit = MqttEveOptions.SURICATA.stringLogLimit();
        boolean passwords = true;
        Pattern type = Pattern.compile("outputs\\.\\d+\\.eve-log\\.types\\.\\d+\\.mqtt\\.(string-log-limit|passwords)");
        for (Map.Entry<String, String> e : values.entrySet()) {
            Matcher m = type.matcher(e.getKey());
            if (m.matches()) {
                if (m.group(1).equals("string-log-limit")) {
                    logLimit = (int) Math.min(Integer.MAX_VALUE, size(e.getKey(), logLimit));
                } else {
                    passwords = bool(e.getKey(), true);
                }
            }
        }
        boolean midstream = bool("stream.midstream", false);
        FlowTimeouts b = FlowTimeouts.BUILT_IN;
        FlowTimeouts timeouts = new FlowTimeouts(seconds("flow-timeouts.tcp.new", b.tcpNew()),
                seconds("flow-timeouts.tcp.established", b.tcpEstablished()), seconds("flow-timeouts.udp.new", b.udpNew()),
                seconds("flow-timeouts.udp.established", b.udpEstablished()));
        return new ProtectorSettings(modbusOn, mqttOn, modbusPort, base.mqttPort(), modbus, mqtt,
                new MqttEveOptions(logLimit, passwords), midstream, base.maxFlows(), timeouts);
    }

    /**
     * The EVE record types the configuration's {@code eve-log} outputs ask for ({@code alert},
     * {@code mqtt}, {@code flow}...), or empty when it names none (then every type is written).
     */
    public java.util.Optional<java.util.Set<String>> eveTypes() {
        Pattern listed = Pattern.compile("outputs\\.\\d+\\.eve-log\\.types\\.\\d+(?:\\.([^.]+).*)?");
        java.util.Set<String> types = new java.util.TreeSet<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Matcher m = listed.matcher(e.getKey());
            if (m.matches()) {
                types.add(m.group(1) != null ? m.group(1) : e.getValue());
            }
        }
        return types.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(types);
    }

    private boolean bool(String key, boolean dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1", "detection-only" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + v + "' is not yes or no");
        };
    }

    private int seconds(String key, int dflt) {
        long n = number(key, dflt);
        if (n < 1 || n > FlowTimeouts.MAX_SECONDS) {
            throw new IllegalArgumentException(key + ": " + n + " is out of range (1-" + FlowTimeouts.MAX_SECONDS + " s)");
        }
        return (int) n;
    }

    private long number(String key, long dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + ": " + v + " is out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a number", e);
        }
    }

    /** A size such as {@code 1mb}, {@code 10kb} or {@code 100}, in bytes. */
    long size(String key, long dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        Matcher m = SIZE.matcher(v.strip());
        if (!m.matches() || m.group(1).length() > 12) {
            throw new IllegalArgumentException(key + ": invalid size argument '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long mult = switch (unit) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (n > Long.MAX_VALUE / mult) {
            throw new IllegalArgumentException(key + ": invalid size argument '" + v + "'");
        }
        return n * mult;
    }
}
