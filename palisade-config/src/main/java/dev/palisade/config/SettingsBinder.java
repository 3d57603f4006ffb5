package dev.palisade.config;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.MqttNotificationConfig;
import dev.palisade.config.model.SettingsConfig;
import dev.palisade.config.model.SyslogConfig;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds {@code SETTINGS} and checks the MQTT broker profiles of {@code MQTT.LIST.profileList}. */
final class SettingsBinder {

    private static final Set<String> KEYS = Set.of("AUTH_CERTS", "DEVICE", "KSC", "MODEM", "MQTT_NOTIFICATION",
            "SYSLOG", "TIME", "UPDATE",
            "AUDIT"); // bound by AuditLogBinder
    private static final Set<String> CERT_KEYS = Set.of("certificate_admin", "certificate_admin_name",
            "certificate_app_ca", "certificate_app_ca_name", "certificate_app_cl", "certificate_app_cl_key",
            "certificate_app_cl_key_name", "certificate_app_cl_name", "certificate_ksc_server",
            "certificate_ksc_server_name", "certificate_web_tls", "certificate_web_tls_key",
            "certificate_web_tls_key_name", "certificate_web_tls_name");
    private static final Pattern DATE = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})");
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})");
    private static final Pattern HOST_PORT = Pattern.compile("([^:]*):([^:]*)");

    static final int MAX_HEARTBEAT_SECONDS = 86_400;

    private SettingsBinder() {
    }

    /** The settings, or null when they have errors (they are reported). */
    static SettingsConfig bind(Fields settings) {
        settings.warnUnknown(KEYS);
        int before = settings.problems().errorCount();
        settings.object("AUTH_CERTS", true).ifPresent(certs -> {
            certs.warnUnknown(CERT_KEYS);
            for (String key : CERT_KEYS) {
                certs.string(key, false);
            }
        });
        String deviceName = settings.object("DEVICE", true).flatMap(device -> {
            device.warnUnknown(Set.of("device_name"));
            return device.string("device_name", true, 255);
        }).orElse("");
        long heartbeat = settings.object("KSC", true).map(ksc -> {
            ksc.warnUnknown(Set.of("command", "heartbeat"));
            Optional<String> command = ksc.string("command", false);
            if (command.isPresent() && !command.get().isEmpty() && !command.get().equals("reboot")) {
                ksc.error("command", "'" + command.get() + "' is not a command; the only one is 'reboot'");
            }
            return ksc.integer("heartbeat", true, 1, MAX_HEARTBEAT_SECONDS).orElse(0);
        }).orElse(0L);
        boolean modem = settings.object("MODEM", true).map(SettingsBinder::modem).orElse(false);
        MqttNotificationConfig mqtt = settings.object("MQTT_NOTIFICATION", true)
                .map(SettingsBinder::mqttNotification).orElse(null);
        SyslogConfig syslog = settings.object("SYSLOG", true).map(SettingsBinder::syslog).orElse(null);
        settings.object("TIME", true).ifPresent(SettingsBinder::time);
        boolean update = settings.object("UPDATE", true).flatMap(u -> {
            u.warnUnknown(Set.of("firmware_update_start"));
            return u.bool("firmware_update_start", true);
        }).orElse(false);
        if (settings.problems().errorCount() != before) {
            return null;
        }
        return new SettingsConfig(deviceName, (int) heartbeat, modem, syslog, mqtt, update);
    }

    private static boolean modem(Fields modem) {
        modem.warnUnknown(Set.of("connection_quality", "connection_status", "is_enable", "primary_dns",
                "profileList", "secondary_dns"));
        modem.integer("connection_quality", false, Long.MIN_VALUE, Long.MAX_VALUE);
        modem.string("connection_status", false);
        Addresses.hostAddress(modem, "primary_dns", false);
        Addresses.hostAddress(modem, "secondary_dns", false);
        modem.array("profileList", true).ifPresent(elements -> {
            for (Fields.Element element : elements) {
                element.object(modem.problems()).ifPresent(profile -> {
                    profile.warnUnknown(Set.of("fileContent", "locked", "modified", "name", "predefined", "status", "uuid"));
                    profile.string("fileContent", true);
                    profile.string("locked", false);
                    profile.string("modified", true);
                    profile.string("name", false);
                    profile.bool("predefined", false);
                    profile.choice("status", false, List.of("active", "inactive"));
                    profile.string("uuid", false);
                });
            }
        });
        return modem.bool("is_enable", true).orElse(false);
    }

    private static MqttNotificationConfig mqttNotification(Fields mqtt) {
        mqtt.warnUnknown(Set.of("auth_enabled", "certificate_cert", "certificate_key", "certificate_root",
                "certs_enabled", "event_topic", "login", "notifications_enabled", "password", "server_address",
                "server_port"));
        int before = mqtt.problems().errorCount();
        boolean enabled = mqtt.bool("notifications_enabled", true).orElse(false);
        boolean auth = mqtt.bool("auth_enabled", true).orElse(false);
        boolean tls = mqtt.bool("certs_enabled", true).orElse(false);
        Optional<Ipv4Address> server = Addresses.hostAddress(mqtt, "server_address", enabled);
        OptionalLong port = mqtt.integer("server_port", true, 1, 65535);
        String topic = mqtt.string("event_topic", true).orElse("");
        if (enabled && topic.isEmpty()) {
            mqtt.error("event_topic", "required when notifications_enabled is true");
        } else if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0) {
            mqtt.error("event_topic", "a topic to publish to cannot contain the wildcards + and # or NUL");
        }
        String login = requiredWhen(mqtt, "login", enabled && auth, "auth_enabled");
        String password = requiredWhen(mqtt, "password", enabled && auth, "auth_enabled");
        String root = requiredWhen(mqtt, "certificate_root", enabled && tls, "certs_enabled");
        String cert = requiredWhen(mqtt, "certificate_cert", enabled && tls, "certs_enabled");
        String key = requiredWhen(mqtt, "certificate_key", enabled && tls, "certs_enabled");
        if (mqtt.problems().errorCount() != before) {
            return null;
        }
        return new MqttNotificationConfig(enabled, server, (int) port.getAsLong(), topic, auth, login, password, tls,
                root, cert, key);
    }

    private static String requiredWhen(Fields fields, String key, boolean required, String flag) {
        String value = fields.string(key, false).orElse("");
        if (required && value.isEmpty()) {
            fields.error(key, "required when " + flag + " is true");
        }
        return value;
    }

    private static SyslogConfig syslog(Fields syslog) {
        syslog.warnUnknown(Set.of("certificate", "enable", "host", "mode", "port"));
        int before = syslog.problems().errorCount();
        boolean enabled = syslog.bool("enable", true).orElse(false);
        String certificate = syslog.string("certificate", false).orElse("");
        Optional<SyslogConfig.Mode> mode = syslog.choice("mode", true, List.of("udp", "tcp", "tcp+udp", "tls"))
                .map(SyslogConfig.Mode::ofKey);
        OptionalLong port = syslog.integer("port", true, 1, 65535);
        Optional<Ipv4Address> server = Optional.empty();
        long effectivePort = port.orElse(0);
        Optional<String> host = syslog.string("host", false);
        if (host.isPresent() && !host.get().isEmpty()) {
            Matcher withPort = HOST_PORT.matcher(host.get());
            String address = withPort.matches() ? withPort.group(1) : host.get();
            try {
                Ipv4Address parsed = Ipv4Address.parse(address);
                if (!Addresses.isUnicast(parsed)) {
                    syslog.error("host", parsed + " is not a unicast host address");
                } else {
                    server = Optional.of(parsed);
                }
            } catch (IllegalArgumentException e) {
                syslog.error("host", "expected IPv4 address or address:port: " + e.getMessage());
            }
            if (withPort.matches()) {
                OptionalLong hostPort = Numbers.digits(withPort.group(2));
                if (hostPort.isEmpty() || hostPort.getAsLong() < 1 || hostPort.getAsLong() > 65535) {
                    syslog.error("host", "'" + withPort.group(2) + "' is not a port 1-65535");
                } else if (port.isPresent() && port.getAsLong() != hostPort.getAsLong()) {
                    syslog.error("host", "the port in host (" + hostPort.getAsLong() + ") differs from port ("
                            + port.getAsLong() + ")");
                } else {
                    effectivePort = hostPort.getAsLong();
                }
            }
        } else if (enabled) {
            syslog.error("host", "required when enable is true: the Syslog server's IPv4 address, e.g. 192.168.1.10:514");
        }
        if (enabled && mode.filter(m -> m == SyslogConfig.Mode.TLS).isPresent() && certificate.isEmpty()) {
            syslog.error("certificate", "required when mode is tls");
        }
        if (syslog.problems().errorCount() != before) {
            return null;
        }
        return new SyslogConfig(enabled, server, (int) effectivePort, mode.get(), certificate);
    }

    private static void time(Fields time) {
        time.warnUnknown(Set.of("date", "time"));
        time.string("date", false).filter(d -> !d.isEmpty()).ifPresent(date -> {
            Matcher m = DATE.matcher(date);
            try {
                if (!m.matches()) {
                    throw new DateTimeException("format");
                }
                LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (DateTimeException e) {
                time.error("date", "'" + date + "' is not a date YYYY/MM/DD");
            }
        });
        time.string("time", false).filter(t -> !t.isEmpty()).ifPresent(value -> {
            Matcher m = TIME.matcher(value);
            try {
                if (!m.matches()) {
                    throw new DateTimeException("format");
                }
                LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (DateTimeException e) {
                time.error("time", "'" + value + "' is not a time HH:MM:SS");
            }
        });
    }

    /** {@code MQTT.LIST.profileList}: the broker profiles. At most one may be active. */
    static void mqttProfiles(Fields mqtt) {
        mqtt.warnUnknown(Set.of("LIST"));
        mqtt.object("LIST", true).ifPresent(list -> {
            list.warnUnknown(Set.of("profileList"));
            list.array("profileList", true).ifPresent(elements -> {
                Integer active = null;
                for (Fields.Element element : elements) {
                    Optional<Fields> profile = element.object(list.problems());
                    if (profile.isEmpty()) {
                        continue;
                    }
                    if (mqttProfile(profile.get())) {
                        if (active != null) {
                            profile.get().error("status", "profileList[" + active + "] is already active; "
                                    + "only one broker profile can be active");
                        } else {
                            active = element.index();
                        }
                    }
                }
            });
        });
    }

    /** Checks one profile; true when it is the active one. */
    private static boolean mqttProfile(Fields profile) {
        profile.warnUnknown(Set.of("fileList", "locked", "modified", "name", "predefined", "status", "uuid"));
        profile.array("fileList", true).ifPresent(files -> {
            for (Fields.Element element : files) {
                element.object(profile.problems()).ifPresent(file -> {
                    file.warnUnknown(Set.of("fileContent", "name", "type", "uuid"));
                    file.string("fileContent", true).filter(c -> !Base64Text.isValid(c))
                            .ifPresent(c -> file.error("fileContent", "not valid Base64"));
                    file.string("name", false);
                    file.choice("type", false, List.of("main_conf_file", "cert_file", "key_file"));
                    file.string("uuid", false);
                });
            }
        });
        profile.string("locked", false);
        profile.string("modified", true);
        profile.string("name", true);
        profile.bool("predefined", true);
        profile.string("uuid", false);
        return profile.choice("status", true, List.of("active", "inactive")).filter("active"::equals).isPresent();
    }
}
