package dev.palisade.management.settings;

import dev.palisade.audit.AuditEventType;
import dev.palisade.config.model.MqttNotificationConfig;
import dev.palisade.config.model.SettingsConfig;
import dev.palisade.config.model.SyslogConfig;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.JsonBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.pki.CertificateFile;
import dev.palisade.management.pki.CertificateInfo;
import dev.palisade.management.pki.CertificateRejected;
import dev.palisade.management.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API operations of the Settings tabs General, Notifications and Central management. Changes
 * to the configuration document (device name, Syslog, MQTT notifications, heartbeat) go through
 * {@link DocumentEdit}, so they are validated as a whole, applied (the runner restarts notification
 * delivery with the new settings) and kept in the configuration history with the account's name;
 * setting the clock is recorded as the audit event "Date and time change".
 */
final class SettingsApi {

    /** The spec: "only numbers and letters of the English alphabet", at most 32. */
    static final Pattern DEVICE_NAME = Pattern.compile("[A-Za-z0-9]{1,32}");
    /** Clock values accepted: a wrong year breaks every certificate check, so far-off years are refused. */
    static final Instant EARLIEST = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private final FeatureContext context;
    private final HostClock clock;
    private final Supplier<List<DeliveryState>> delivery;
    private final CentralManagement central;

    SettingsApi(FeatureContext context, HostClock clock, Supplier<List<DeliveryState>> delivery, CentralManagement central) {
        this.context = context;
        this.clock = clock;
        this.delivery = delivery;
        this.central = central;
    }

    List<Route> routes() {
        int small = Route.SMALL_BODY;
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("GET", "/api/settings/general", Section.SETTINGS, false, 0,
                "Device name and the host's date and time (UTC)", null, this::general));
        routes.add(new Route("PUT", "/api/settings/general", Section.SETTINGS, false, small,
                "Change the device name (English letters and digits, at most 32)", "DeviceName", this::putGeneral));
        routes.add(new Route("PUT", "/api/settings/time", Section.SETTINGS, false, small,
                "Set the host's date and time (an ISO-8601 instant in UTC)", "HostTime", this::putTime));
        routes.add(new Route("GET", "/api/settings/notifications", Section.SETTINGS, false, 0,
                "Syslog and MQTT notification settings (no secrets) and the delivery state", null, this::notifications));
        routes.add(new Route("PUT", "/api/settings/notifications/syslog", Section.SETTINGS, false, small,
                "Change the Syslog forwarding settings (SETTINGS.SYSLOG)", "SyslogSettings", this::putSyslog));
        routes.add(new Route("PUT", "/api/settings/notifications/mqtt", Section.SETTINGS, false, small,
                "Change the MQTT notification settings (SETTINGS.MQTT_NOTIFICATION)", "MqttSettings", this::putMqtt));
        routes.add(new Route("GET", "/api/settings/central-management", Section.SETTINGS, false, 0,
                "The central management server's address, port and server certificate", null, this::centralManagement));
        routes.add(new Route("PUT", "/api/settings/central-management", Section.SETTINGS, false, small,
                "Change the central management server's address and the heartbeat", "CentralManagement", this::putCentral));
        routes.add(new Route("PUT", "/api/settings/central-management/certificate", Section.SETTINGS, false, small,
                "Upload the central management server certificate (CRT, CER, DER or PEM bytes)", "CertificateFile", this::putCentralCertificate));
        routes.add(new Route("DELETE", "/api/settings/central-management/certificate", Section.SETTINGS, false, 0,
                "Delete the central management server certificate", null, this::deleteCentralCertificate));
        return routes;
    }

    private static String actor(ApiRequest request) {
        return request.requireSession().accountName();
    }

    // ---- general

    private ApiResponse general(ApiRequest request) {
        ObjectNode out = ApiResponse.object();
        out.put("deviceName", context.history().current().settings().deviceName());
        out.put("time", clock.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        out.put("timeZone", "UTC");
        return ApiResponse.json(out);
    }

    private ApiResponse putGeneral(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("deviceName"));
        String name = body.string("deviceName");
        if (!DEVICE_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("$.deviceName", "1 to 32 English letters and digits, nothing else");
        }
        String before = context.history().current().settings().deviceName();
        if (!name.equals(before)) {
            DocumentEdit edit = DocumentEdit.of(context);
            edit.object("SETTINGS", "DEVICE").put("device_name", name);
            edit.commit(actor(request), "device name changed from " + before + " to " + name);
        }
        return general(request);
    }

    private ApiResponse putTime(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("time"));
        Instant time;
        try {
            time = Instant.parse(body.string("time"));
        } catch (DateTimeException e) {
            throw ApiException.badRequest("$.time", "expected a UTC date and time such as 2026-11-25T14:30:00Z");
        }
        if (time.isBefore(EARLIEST) || !time.isBefore(LATEST)) {
            throw ApiException.badRequest("$.time", "must lie between " + EARLIEST + " and " + LATEST);
        }
        try {
            clock.set(time);
        } catch (IOException e) {
            throw new ApiException(500, "clock_not_set", e.getMessage());
        }
        context.audit().record(AuditEventType.DATE_AND_TIME_CHANGE, actor(request), Map.of());
        return general(request);
    }

    // ---- notifications

    private ApiResponse notifications(ApiRequest request) {
        SettingsConfig settings = context.history().current().settings();
        ObjectNode out = ApiResponse.object();
        SyslogConfig s = settings.syslog();
        ObjectNode syslog = out.putObject("syslog");
        syslog.put("enabled", s.enabled());
        syslog.put("host", s.server().map(a -> a + ":" + s.port()).orElse(""));
        syslog.put("mode", s.mode().key());
        syslog.set("certificate", certificateJson(s.certificate()));
        MqttNotificationConfig m = settings.mqttNotification();
        ObjectNode mqtt = out.putObject("mqtt");
        mqtt.put("enabled", m.enabled());
        mqtt.put("serverAddress", m.server().map(Object::toString).orElse(""));
        mqtt.put("serverPort", m.port());
        mqtt.put("eventTopic", m.eventTopic());
        mqtt.put("authEnabled", m.authEnabled());
        mqtt.put("login", m.login());
        mqtt.put("passwordSet", !m.password().isEmpty());
        mqtt.put("tlsEnabled", m.tlsEnabled());
        mqtt.set("rootCertificate", certificateJson(m.rootCertificate()));
        mqtt.set("clientCertificate", certificateJson(m.clientCertificate()));
        mqtt.put("clientKeySet", !m.clientKey().isEmpty());
        ArrayNode states = out.putArray("delivery");
        for (DeliveryState d : delivery.get()) {
            states.addObject().put("destination", d.destination()).put("connected", d.connected()).put("pending", d.pending())
                    .put("delivered", d.delivered()).put("dropped", d.dropped()).put("lastError", d.lastError());
        }
        return ApiResponse.json(out);
    }

    private ApiResponse putSyslog(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("enabled", "host", "mode", "certificate"));
        DocumentEdit edit = DocumentEdit.of(context);
        ObjectNode syslog = edit.object("SETTINGS", "SYSLOG");
        syslog.put("enable", body.bool("enabled", false));
        if (body.has("host")) {
            String host = body.string("host").strip();
            syslog.put("host", host);
            int colon = host.lastIndexOf(':');
            // The form has one "IP address and port" field; the document keeps the port twice and they must agree.
            if (colon > 0 && host.substring(colon + 1).matches("[0-9]{1,5}")) {
                syslog.put("port", Integer.parseInt(host.substring(colon + 1)));
            }
        }
        if (body.has("mode")) {
            String mode = body.string("mode");
            syslog.put("mode", switch (mode) {
                case "udp", "tcp", "tls", "tcp+udp" -> mode;
                default -> throw ApiException.badRequest("$.mode", "one of udp, tcp, tls");
            });
        }
        if (body.has("certificate")) {
            syslog.put("certificate", pemCertificate(body.string("certificate"), "$.certificate"));
        }
        edit.commit(actor(request), "Syslog notification settings changed");
        return notifications(request);
    }

    private ApiResponse putMqtt(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("enabled", "serverAddress", "serverPort", "eventTopic", "authEnabled", "login",
                "password", "tlsEnabled", "rootCertificate", "clientCertificate", "clientKey"));
        DocumentEdit edit = DocumentEdit.of(context);
        ObjectNode mqtt = edit.object("SETTINGS", "MQTT_NOTIFICATION");
        mqtt.put("notifications_enabled", body.bool("enabled", false));
        if (body.has("serverAddress")) {
            mqtt.put("server_address", body.string("serverAddress").strip());
        }
        if (body.has("serverPort")) {
            mqtt.put("server_port", body.integer("serverPort"));
        }
        if (body.has("eventTopic")) {
            mqtt.put("event_topic", body.string("eventTopic"));
        }
        mqtt.put("auth_enabled", body.bool("authEnabled", false));
        if (body.has("login")) {
            mqtt.put("login", body.string("login"));
        }
        // Secrets are never sent back; an absent (or empty) password or key keeps the stored one.
        if (body.has("password") && !body.string("password").isEmpty()) {
            mqtt.put("password", body.string("password"));
        }
        mqtt.put("certs_enabled", body.bool("tlsEnabled", false));
        if (body.has("rootCertificate")) {
            mqtt.put("certificate_root", pemCertificate(body.string("rootCertificate"), "$.rootCertificate"));
        }
        if (body.has("clientCertificate")) {
            mqtt.put("certificate_cert", pemCertificate(body.string("clientCertificate"), "$.clientCertificate"));
        }
        if (body.has("clientKey") && !body.string("clientKey").isEmpty()) {
            try {
                mqtt.put("certificate_key", new String(Pem.encode(CertificateFile.parseKey(
                        body.string("clientKey").getBytes(StandardCharsets.US_ASCII))), StandardCharsets.US_ASCII));
            } catch (CertificateRejected e) {
                throw new ApiException(422, "certificate_rejected", e.getMessage(),
                        List.of(new ApiException.Detail("$.clientKey", e.getMessage())));
            }
        }
        edit.commit(actor(request), "MQTT notification settings changed");
        return notifications(request);
    }

    /**
     * An uploaded certificate as the PEM text the document keeps ("" clears it): PEM as is, a DER
     * file as Base64; it must be one readable X.509 certificate.
     */
    static String pemCertificate(String text, String path) throws ApiException {
        if (text.isBlank()) {
            return "";
        }
        byte[] content;
        if (text.contains("-----BEGIN")) {
            content = text.getBytes(StandardCharsets.US_ASCII);
        } else {
            try {
                content = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(path, "must be PEM text or the Base64 of a DER file");
            }
        }
        try {
            return new String(Pem.encode(CertificateFile.parse(content)), StandardCharsets.US_ASCII);
        } catch (CertificateRejected e) {
            throw new ApiException(422, "certificate_rejected", e.getMessage(), List.of(new ApiException.Detail(path, e.getMessage())));
        }
    }

    private static ObjectNode certificateJson(String pem) {
        if (pem.isEmpty()) {
            return null;
        }
        try {
            return infoJson(CertificateInfo.of(CertificateFile.parse(pem.getBytes(StandardCharsets.US_ASCII))), List.of());
        } catch (CertificateRejected e) {
            ObjectNode node = ApiResponse.object();
            node.put("error", e.getMessage());
            return node;
        }
    }

    static ObjectNode infoJson(CertificateInfo info, List<String> warnings) {
        ObjectNode node = ApiResponse.object();
        node.put("subject", info.subject());
        node.put("issuer", info.issuer());
        node.put("notBefore", info.notBefore().toString());
        node.put("notAfter", info.notAfter().toString());
        node.put("sha256", info.sha256());
        ArrayNode list = node.putArray("warnings");
        warnings.forEach(list::add);
        return node;
    }

    // ---- central management

    private List<String> expiry(X509Certificate certificate) {
        Instant now = context.clock().instant();
        Instant end = certificate.getNotAfter().toInstant();
        if (!now.isBefore(end)) {
            return List.of("the certificate expired on " + end);
        }
        long days = Duration.between(now, end).toDays();
        int warnDays = context.accounts().settings().certificateWarningDays();
        return days < warnDays ? List.of("the certificate expires in " + days + " days (" + end + ")") : List.of();
    }

    private ApiResponse centralManagement(ApiRequest request) throws ApiException, IOException {
        ObjectNode out = ApiResponse.object();
        out.put("address", central.address());
        out.put("port", CentralManagement.PORT);
        out.put("heartbeatSeconds", context.history().current().settings().kscHeartbeatSeconds());
        Optional<X509Certificate> certificate;
        try {
            certificate = central.certificate();
        } catch (CertificateRejected e) {
            throw new ApiException(500, "certificate_store_damaged", "the stored central management certificate cannot be read: "
                    + e.getMessage() + "; upload it again");
        }
        if (certificate.isPresent()) {
            out.set("certificate", infoJson(CertificateInfo.of(certificate.get()), expiry(certificate.get())));
        } else {
            out.putNull("certificate");
        }
        out.put("connectionPossible", certificate.isPresent() && !central.address().isEmpty());
        return ApiResponse.json(out);
    }

    private ApiResponse putCentral(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("address", "heartbeatSeconds"));
        String address = body.string("address").strip();
        if (!CentralManagement.validAddress(address)) {
            throw ApiException.badRequest("$.address", "a domain name or IPv4 address, at most 253 characters");
        }
        boolean hasCertificate;
        try {
            hasCertificate = central.certificate().isPresent();
        } catch (CertificateRejected e) {
            hasCertificate = false;
        }
        if (!hasCertificate) {
            throw new ApiException(409, "certificate_required", "upload the central management server certificate first");
        }
        if (body.has("heartbeatSeconds")) {
            int heartbeat = body.integer("heartbeatSeconds");
            if (heartbeat != context.history().current().settings().kscHeartbeatSeconds()) {
                DocumentEdit edit = DocumentEdit.of(context);
                edit.object("SETTINGS", "KSC").put("heartbeat", heartbeat);
                edit.commit(actor(request), "central management heartbeat changed to " + heartbeat + " s");
            }
        }
        central.setAddress(address);
        return centralManagement(request);
    }

    private ApiResponse putCentralCertificate(ApiRequest request) throws ApiException, IOException {
        X509Certificate certificate;
        try {
            certificate = central.upload(request.body(), context.clock().instant());
        } catch (CertificateRejected e) {
            throw new ApiException(422, "certificate_rejected", e.getMessage());
        }
        return ApiResponse.json(infoJson(CertificateInfo.of(certificate), expiry(certificate)));
    }

    private ApiResponse deleteCentralCertificate(ApiRequest request) throws ApiException, IOException {
        if (!central.delete()) {
            throw new ApiException(404, "not_found", "there is no central management server certificate");
        }
        return ApiResponse.noContent();
    }
}
