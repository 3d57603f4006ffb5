package dev.palisade.management.api;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.engine.EngineCounters;
import dev.palisade.management.account.Account;
import dev.palisade.management.account.AccountRefused;
import dev.palisade.management.account.AccountSettings;
import dev.palisade.management.account.Accounts;
import dev.palisade.management.account.Role;
import dev.palisade.management.account.SignInResult;
import dev.palisade.management.history.ConfigHistory;
import dev.palisade.management.history.ConfigurationTarget;
import dev.palisade.management.history.LineDiff;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.Dispatcher;
import dev.palisade.management.http.JsonBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.RouteTable;
import dev.palisade.management.http.Section;
import dev.palisade.management.pki.CertificateInfo;
import dev.palisade.management.pki.CertificateRejected;
import dev.palisade.management.session.Session;
import dev.palisade.management.session.SessionRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API operations and their route table. Handlers only translate between JSON and the domain
 * types ({@link Accounts}, {@link SessionRegistry}, {@link Certificates}, {@link ConfigHistory});
 * the rules live there, and access control lives in the dispatcher, driven by each route's
 * {@link Section}.
 */
public final class ManagementApi {

    /** Largest configuration document accepted over the API. */
    public static final int MAX_CONFIG_BODY = 4 * 1024 * 1024;

    private final Accounts accounts;
    private final SessionRegistry sessions;
    private final Certificates certificates;
    private final ConfigHistory history;
    private final ConfigurationTarget target;
    private final EngineStatus engine;
    private final Clock clock;
    private final RouteTable table;
    private java.util.function.Supplier<RouteTable> documented = this::routes;

    public ManagementApi(Accounts accounts, SessionRegistry sessions, Certificates certificates, ConfigHistory history,
            ConfigurationTarget target, EngineStatus engine, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.certificates = certificates;
        this.history = history;
        this.target = target;
        this.engine = engine;
        this.clock = clock;
        List<Route> routes = new ArrayList<>();
        int small = Route.SMALL_BODY;
        routes.add(new Route("POST", "/api/session", Section.SIGN_IN, true, small,
                "Sign in with the name and password of the account the TLS client certificate belongs to", "SignIn", this::signIn));
        routes.add(new Route("GET", "/api/session", Section.SESSION, true, 0, "The caller's session and CSRF token", null, this::session));
        routes.add(new Route("DELETE", "/api/session", Section.SESSION, true, 0, "Sign out", null, this::signOut));
        routes.add(new Route("GET", "/api/status", Section.STATUS, false, 0, "Device, type and engine counters", null, this::status));
        routes.add(new Route("GET", "/api/openapi.json", Section.ABOUT, false, 0, "This API's OpenAPI 3 description", null,
                r -> ApiResponse.json(OpenApiDocument.of(documented.get()))));
        routes.add(new Route("GET", "/api/accounts", Section.USERS, false, 0,
                "Connection settings, both accounts and the lockout state", null, this::listAccounts));
        routes.add(new Route("PUT", "/api/accounts/settings", Section.USERS, false, small, "Change the connection settings",
                "AccountSettings", this::putSettings));
        routes.add(new Route("PUT", "/api/accounts/{role}/credentials", Section.USERS, true, small,
                "Change an account's name and password (role: administrator or user)", "Credentials", this::putCredentials));
        routes.add(new Route("GET", "/api/certificates", Section.USERS, false, 0, "The root, account and web server certificates",
                null, this::listCertificates));
        routes.add(new Route("PUT", "/api/certificates/{kind}", Section.USERS, false, small,
                "Upload a root, administrator or user certificate (kind: root, administrator, user) as CRT, CER, DER or PEM bytes",
                "CertificateFile", this::putCertificate));
        routes.add(new Route("PUT", "/api/certificates/web-server", Section.USERS, false, small,
                "Upload the web server certificate and its key", "ServerCertificate", this::putServerCertificate));
        routes.add(new Route("GET", "/api/config", Section.SETTINGS, false, 0, "The configuration document in force", null,
                this::getConfig));
        routes.add(new Route("PUT", "/api/config", Section.SETTINGS, false, MAX_CONFIG_BODY,
                "Validate, apply and store a new configuration document", "ConfigDocument", this::putConfig));
        routes.add(new Route("GET", "/api/config/versions", Section.SETTINGS, false, 0, "The stored versions, newest first", null,
                this::listVersions));
        routes.add(new Route("GET", "/api/config/versions/{number}", Section.SETTINGS, false, 0, "The document of one version",
                null, this::getVersion));
        routes.add(new Route("GET", "/api/config/versions/{number}/diff", Section.SETTINGS, false, 0,
                "Line diff of a version against another (query 'to', default: the version in force)", null, this::diffVersion));
        routes.add(new Route("POST", "/api/config/versions/{number}/rollback", Section.SETTINGS, false, 0,
                "Apply and store an earlier version again, as a new version", null, this::rollback));
        this.table = new RouteTable(routes);
    }

    public RouteTable routes() {
        return table;
    }

    /** The routes the OpenAPI document describes (the service passes every feature's API routes). */
    public void describe(java.util.function.Supplier<RouteTable> routes) {
        this.documented = routes;
    }

    /**
     * Validates nothing more (the document is already parsed), applies {@code doc} to the target and
     * stores it as a new version, exactly as {@code PUT /api/config} does; features that change a part
     * of the configuration use it.
     */
    public ConfigHistory.Version commit(ConfigDocument doc, String author, String comment) throws ApiException, IOException {
        return commit(() -> history.commit(doc, author, comment.length() > 200 ? comment.substring(0, 200) : comment, target));
    }

    // ---- sessions

    private ApiResponse signIn(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("name", "password"));
        SignInResult result = accounts.signIn(request.certificateSha256(), body.string("name"), body.string("password"));
        if (result instanceof SignInResult.Refused refused) {
            throw switch (refused.reason()) {
                case LOCKED -> new ApiException(429, "locked", refused.message());
                case NOT_ENABLED, EXPIRED -> new ApiException(403, "account_unavailable", refused.message());
                default -> new ApiException(401, "sign_in_refused", refused.message());
            };
        }
        SignInResult.Success success = (SignInResult.Success) result;
        Session session;
        try {
            session = sessions.open(success.role(), success.name(), request.certificateSha256(), success.mustChangePassword());
        } catch (SessionRegistry.Busy e) {
            throw new ApiException(409, "session_busy", e.getMessage());
        }
        ObjectNode out = sessionJson(session);
        ArrayNode warnings = out.putArray("warnings");
        success.warnings().forEach(warnings::add);
        return ApiResponse.json(201, out).withCookie(Dispatcher.sessionCookie(session, accounts.settings().idleMinutes() * 60));
    }

    private ApiResponse session(ApiRequest request) {
        return ApiResponse.json(sessionJson(request.requireSession()));
    }

    private ApiResponse signOut(ApiRequest request) {
        sessions.close(request.requireSession().id());
        return ApiResponse.noContent().withCookie(Dispatcher.clearedSessionCookie());
    }

    private ObjectNode sessionJson(Session session) {
        ObjectNode out = ApiResponse.object();
        out.put("role", roleName(session.role()));
        out.put("name", session.accountName());
        out.put("mustChangePassword", session.mustChangePassword());
        out.put("csrfToken", session.csrfToken());
        out.put("idleMinutes", accounts.settings().idleMinutes());
        return out;
    }

    // ---- status

    private ApiResponse status(ApiRequest request) {
        ConfigDocument doc = history.current();
        ObjectNode out = ApiResponse.object();
        ObjectNode device = out.putObject("device");
        device.put("type", doc.config().routerMode() ? "router" : "diode");
        engine.operatingMode().ifPresent(mode -> device.put("operatingMode", mode));
        device.put("name", doc.settings().deviceName());
        device.put("lanAddress", doc.config().network().lan().address().toString());
        var wan = doc.config().network().wan();
        device.put("wanAddress", wan.address().map(Object::toString).orElse(wan.dhcp() ? "dhcp" : ""));
        device.put("configurationVersion", history.currentVersion());
        // Palisade has no central management client yet: the gateway is managed through this service only.
        device.put("centralManagement", "not-connected");
        EngineCounters c = engine.counters();
        ObjectNode counters = out.putObject("engine");
        counters.put("packets", c.packets());
        ObjectNode stages = counters.putObject("byStage");
        c.byStage().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> stages.put(e.getKey().name(), e.getValue()));
        counters.put("malformed", c.malformed().values().stream().mapToLong(Long::longValue).sum());
        counters.put("connections", c.connections());
        counters.put("connectionEvictions", c.connectionEvictions());
        counters.put("fragmentsReassembled", c.fragmentsReassembled());
        counters.put("tcpInvalid", c.tcpInvalid());
        counters.put("icmpErrorsSent", c.icmpErrorsSent());
        ArrayNode fw = counters.putArray("firewallRuleHits");
        for (long hits : c.firewallRuleHits()) {
            fw.add(hits);
        }
        engine.kernel().ifPresent(k -> {
            ObjectNode kernel = out.putObject("kernel");
            ObjectNode byStage = kernel.putObject("byStage");
            k.packetsByStage().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> byStage.put(e.getKey(), e.getValue()));
            kernel.put("queued", k.queued());
            kernel.put("queueDropped", k.queueDropped());
            kernel.put("userDropped", k.userDropped());
        });
        return ApiResponse.json(out);
    }

    // ---- accounts

    private ApiResponse listAccounts(ApiRequest request) throws IOException {
        AccountSettings s = accounts.settings();
        Instant now = clock.instant();
        ObjectNode out = ApiResponse.object();
        out.set("settings", settingsJson(s));
        ArrayNode list = out.putArray("accounts");
        for (Role role : Role.values()) {
            Account a = accounts.account(role);
            ObjectNode node = list.addObject();
            node.put("role", roleName(role));
            node.put("name", a.name());
            node.put("enabled", a.enabled());
            node.put("mustChangePassword", a.mustChangePassword());
            Instant expires = a.credentialsExpireAt(s);
            node.put("credentialsExpireAt", expires.toString());
            node.put("credentialsExpired", !now.isBefore(expires));
            node.put("credentialsExpireSoon", now.isBefore(expires) && Duration.between(now, expires).toDays() < s.credentialWarningDays());
            node.put("certificateSha256", a.certificateSha256().orElse(null));
        }
        ObjectNode lock = out.putObject("lockout");
        Optional<Instant> until = accounts.lockedUntil();
        lock.put("locked", until.isPresent());
        lock.put("until", until.map(Instant::toString).orElse(null));
        return ApiResponse.json(out);
    }

    private ApiResponse putSettings(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("credentialValidityDays", "idleMinutes", "credentialWarningDays",
                "certificateWarningDays", "maxFailedAttempts", "lockoutMinutes"));
        AccountSettings old = accounts.settings();
        AccountSettings next = new AccountSettings(body.integer("credentialValidityDays", old.credentialValidityDays()),
                body.integer("idleMinutes", old.idleMinutes()), body.integer("credentialWarningDays", old.credentialWarningDays()),
                body.integer("certificateWarningDays", old.certificateWarningDays()),
                body.integer("maxFailedAttempts", old.maxFailedAttempts()), body.integer("lockoutMinutes", old.lockoutMinutes()));
        try {
            accounts.updateSettings(next, request.requireSession().accountName());
        } catch (AccountRefused e) {
            throw ApiException.badRequest("$." + e.field(), e.getMessage());
        }
        return ApiResponse.json(settingsJson(next));
    }

    private ApiResponse putCredentials(ApiRequest request) throws ApiException, IOException {
        Role role = role(request.pathParameters().get("role"));
        Session session = request.requireSession();
        if (session.mustChangePassword() && role != Role.ADMINISTRATOR) {
            throw new ApiException(403, "password_change_required", "change the administrator password first");
        }
        JsonBody body = request.json().only(List.of("name", "oldPassword", "newPassword", "confirmPassword"));
        String newPassword = body.string("newPassword");
        if (!newPassword.equals(body.string("confirmPassword"))) {
            throw ApiException.badRequest("$.confirmPassword", "does not match the new password");
        }
        Account changed;
        try {
            changed = accounts.changeCredentials(role, session.accountName(), body.string("oldPassword"),
                    body.string("name", accounts.account(role).name()), newPassword);
        } catch (AccountRefused e) {
            throw ApiException.badRequest("$." + e.field(), e.getMessage());
        }
        if (role == Role.ADMINISTRATOR) {
            sessions.passwordChanged(session.id(), changed.name());
        } else {
            sessions.closeRole(Role.USER);
        }
        ObjectNode out = ApiResponse.object();
        out.put("role", roleName(role));
        out.put("name", changed.name());
        out.put("enabled", changed.enabled());
        out.put("credentialsExpireAt", changed.credentialsExpireAt(accounts.settings()).toString());
        return ApiResponse.json(out);
    }

    private static ObjectNode settingsJson(AccountSettings s) {
        ObjectNode node = ApiResponse.object();
        node.put("credentialValidityDays", s.credentialValidityDays());
        node.put("idleMinutes", s.idleMinutes());
        node.put("credentialWarningDays", s.credentialWarningDays());
        node.put("certificateWarningDays", s.certificateWarningDays());
        node.put("maxFailedAttempts", s.maxFailedAttempts());
        node.put("lockoutMinutes", s.lockoutMinutes());
        return node;
    }

    // ---- certificates

    private ApiResponse listCertificates(ApiRequest request) throws ApiException, IOException {
        ObjectNode out = ApiResponse.object();
        try {
            out.set("root", certificateJson(certificates.root(), certificates.expiry(certificates.root())));
            for (Role role : Role.values()) {
                Optional<X509Certificate> c = certificates.client(role);
                if (c.isPresent()) {
                    out.set(roleName(role), certificateJson(c.get(), certificates.expiry(c.get())));
                } else {
                    out.putNull(roleName(role));
                }
            }
            X509Certificate server = certificates.server();
            List<String> warnings = new ArrayList<>(certificates.expiry(server));
            certificates.lanWarning(CertificateInfo.of(server)).ifPresent(warnings::add);
            out.set("webServer", certificateJson(server, warnings));
        } catch (CertificateRejected e) {
            throw new ApiException(500, "certificate_store_damaged", "a stored certificate cannot be read: " + e.getMessage());
        }
        return ApiResponse.json(out);
    }

    private ApiResponse putCertificate(ApiRequest request) throws ApiException, IOException {
        String kind = request.pathParameters().get("kind");
        String actor = request.requireSession().accountName();
        Certificates.Accepted accepted;
        try {
            accepted = switch (kind) {
                case "root" -> certificates.uploadRoot(request.body(), actor);
                case "administrator" -> certificates.uploadClient(Role.ADMINISTRATOR, request.body(), actor);
                case "user" -> certificates.uploadClient(Role.USER, request.body(), actor);
                default -> throw new ApiException(404, "not_found", "no certificate kind '" + printable(kind)
                        + "'; use root, administrator, user or web-server");
            };
        } catch (CertificateRejected e) {
            throw new ApiException(422, "certificate_rejected", e.getMessage());
        }
        ApiResponse response = ApiResponse.json(acceptedJson(accepted));
        if (kind.equals("administrator")) {
            // The specification ends the session when the administrator certificate is replaced.
            response = response.withCookie(Dispatcher.clearedSessionCookie());
        }
        return response;
    }

    private ApiResponse putServerCertificate(ApiRequest request) throws ApiException, IOException {
        JsonBody body = request.json().only(List.of("certificate", "key"));
        byte[] certificate = fileContent(body.string("certificate"));
        byte[] key = body.string("key").getBytes(StandardCharsets.US_ASCII);
        try {
            return ApiResponse.json(acceptedJson(certificates.uploadServer(certificate, key)));
        } catch (CertificateRejected e) {
            throw new ApiException(422, "certificate_rejected", e.getMessage());
        }
    }

    /** A certificate given in JSON: PEM text as is, or a DER file as Base64. */
    private static byte[] fileContent(String text) throws ApiException {
        if (text.contains("-----BEGIN")) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("$.certificate", "must be PEM text or the Base64 of a DER file");
        }
    }

    private static ObjectNode acceptedJson(Certificates.Accepted accepted) {
        ObjectNode out = infoJson(accepted.info());
        ArrayNode warnings = out.putArray("warnings");
        accepted.warnings().forEach(warnings::add);
        return out;
    }

    private static ObjectNode certificateJson(X509Certificate certificate, List<String> warnings) {
        return acceptedJson(new Certificates.Accepted(CertificateInfo.of(certificate), warnings));
    }

    private static ObjectNode infoJson(CertificateInfo info) {
        ObjectNode node = ApiResponse.object();
        node.put("subject", info.subject());
        node.put("issuer", info.issuer());
        node.put("notBefore", info.notBefore().toString());
        node.put("notAfter", info.notAfter().toString());
        node.put("sha256", info.sha256());
        ArrayNode names = node.putArray("subjectAltNames");
        info.subjectAltNames().forEach(names::add);
        return node;
    }

    // ---- configuration

    private ApiResponse getConfig(ApiRequest request) {
        return ApiResponse.text("application/json", history.current().toJson());
    }

    private ApiResponse putConfig(ApiRequest request) throws ApiException, IOException {
        if (request.contentType() == null || !request.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the configuration document as application/json");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(request.body())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest("$", "the document is not UTF-8 text");
        }
        ConfigDocument doc;
        try {
            doc = ConfigDocument.parse(text);
        } catch (ConfigException e) {
            throw invalid(e);
        }
        String comment = request.query().getOrDefault("comment", "changed through the API");
        ConfigHistory.Version version = commit(() -> history.commit(doc, request.requireSession().accountName(),
                comment.length() > 200 ? comment.substring(0, 200) : comment, target));
        ObjectNode out = versionJson(version);
        ArrayNode warnings = out.putArray("warnings");
        for (ConfigError w : doc.warnings()) {
            warnings.addObject().put("path", w.path()).put("reason", w.reason());
        }
        try {
            // A new LAN address the web server certificate does not name: say so now, not when browsers fail.
            certificates.lanWarning(CertificateInfo.of(certificates.server()))
                    .ifPresent(w -> warnings.addObject().put("path", "$.NETWORK.LAN.IP").put("reason", w));
        } catch (CertificateRejected e) {
            warnings.addObject().put("path", "$").put("reason", "the web server certificate cannot be read: " + e.getMessage());
        }
        return ApiResponse.json(out);
    }

    private ApiResponse listVersions(ApiRequest request) {
        ObjectNode out = ApiResponse.object();
        out.put("current", history.currentVersion());
        ArrayNode list = out.putArray("versions");
        history.versions().forEach(v -> list.add(versionJson(v)));
        return ApiResponse.json(out);
    }

    private ApiResponse getVersion(ApiRequest request) throws ApiException, IOException {
        int number = versionNumber(request.pathParameters().get("number"));
        return ApiResponse.text("application/json", history.text(number));
    }

    private ApiResponse diffVersion(ApiRequest request) throws ApiException, IOException {
        int from = versionNumber(request.pathParameters().get("number"));
        String toText = request.query().get("to");
        int to = toText == null ? history.currentVersion() : versionNumber(toText);
        ObjectNode out = ApiResponse.object();
        out.put("from", from);
        out.put("to", to);
        ArrayNode lines = out.putArray("lines");
        try {
            LineDiff.diff(history.text(from), history.text(to)).forEach(lines::add);
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "diff_too_large", e.getMessage() + "; download both versions and compare them locally");
        }
        return ApiResponse.json(out);
    }

    private ApiResponse rollback(ApiRequest request) throws ApiException, IOException {
        int number = versionNumber(request.pathParameters().get("number"));
        ConfigHistory.Version version = commit(() -> history.rollback(number, request.requireSession().accountName(), target));
        return ApiResponse.json(versionJson(version));
    }

    private interface Commit {
        ConfigHistory.Version run() throws IOException, ConfigException, ConfigHistory.ApplyFailed;
    }

    private static ConfigHistory.Version commit(Commit commit) throws ApiException, IOException {
        try {
            return commit.run();
        } catch (ConfigHistory.ApplyFailed e) {
            throw new ApiException(500, "apply_failed", e.getMessage() + "; the previous configuration stays in force");
        } catch (ConfigException e) {
            // Only a rollback re-reads a stored text; a version written by an older release may no longer be valid.
            throw invalid(e);
        }
    }

    private static ApiException invalid(ConfigException e) {
        List<ApiException.Detail> details = new ArrayList<>();
        for (ConfigError error : e.errors()) {
            details.add(new ApiException.Detail(error.path(), error.reason()));
        }
        ConfigError first = e.errors().getFirst();
        String message = "the configuration is invalid and was not applied: " + first.path() + ": " + first.reason()
                + (e.errors().size() > 1 ? " (and " + (e.errors().size() - 1) + " more, listed in details)" : "");
        return new ApiException(422, "invalid_configuration", message, details);
    }

    private int versionNumber(String text) throws ApiException {
        try {
            int number = Integer.parseInt(text);
            if (history.version(number).isPresent()) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new ApiException(404, "not_found", "no configuration version '" + printable(text) + "'; list them with GET /api/config/versions");
    }

    private static ObjectNode versionJson(ConfigHistory.Version v) {
        ObjectNode node = ApiResponse.object();
        node.put("number", v.number());
        node.put("time", v.time().toString());
        node.put("author", v.author());
        node.put("comment", v.comment());
        node.put("sha256", v.sha256());
        return node;
    }

    // ---- helpers

    static String roleName(Role role) {
        return role == Role.ADMINISTRATOR ? "administrator" : "user";
    }

    private static Role role(String text) throws ApiException {
        return switch (text) {
            case "administrator" -> Role.ADMINISTRATOR;
            case "user" -> Role.USER;
            default -> throw new ApiException(404, "not_found", "no account role '" + printable(text) + "'; use administrator or user");
        };
    }

    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
