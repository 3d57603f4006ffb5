package dev.palisade.management.device;

import dev.palisade.audit.AuditEventType;
import dev.palisade.management.AuditTrail;
import dev.palisade.management.Feature;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.account.PasswordHasher;
import dev.palisade.management.account.Role;
import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.JsonBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.NavEntry;
import dev.palisade.management.web.Pages;
import dev.palisade.system.backup.BackupContents;
import dev.palisade.system.backup.BackupException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The device area (Settings &gt; Backup and recovery, Commands, Diagnostics) as a management
 * {@link Feature}. API, all in the administrator's Settings section:
 * <ul>
 *   <li>{@code POST /api/device/backup} {@code {"password"}}: the administrator's password, checked
 *       against the account and used as the backup's password; answers the sealed backup
 *       ({@code application/octet-stream});</li>
 *   <li>{@code POST /api/device/restore} {@code {"password", "backup"}} (the file in Base64): refuses
 *       another version, a wrong password, an altered or invalid file (422, nothing changed), else
 *       replaces the files atomically and restarts the service after answering;</li>
 *   <li>{@code POST /api/device/restart}: restarts the service after answering (202);</li>
 *   <li>{@code GET /api/device/system-log}: {@code log_files.tar.gz} ({@link SystemLogArchive});</li>
 *   <li>{@code GET /api/device/troubleshooting}: the {@link TroubleshootingReport};</li>
 *   <li>{@code POST /api/device/ping} {@code {"host"}}: {@link PingTool} on a validated {@link PingTarget}.</li>
 * </ul>
 * Each is audited with the catalog's events (backing up, restoring, rebooting the device, log export).
 */
public final class DeviceFeature implements Feature {

    /** Largest restore request: a Base64 backup of a gateway is kilobytes; 16 MiB leaves room for large key sets. */
    public static final int MAX_RESTORE_BODY = 16 * 1024 * 1024;
    /** Who records the restart in the catalog ("KscController: Rebooting the device"). */
    static final String RESTART_COMPONENT = "KscController";

    private final DeviceOptions options;
    private final ConfigurationBackup backups;
    private final Troubleshooter troubleshooter;
    /** Set once a restart was asked for: later state changes are refused until the service is back. */
    private final AtomicBoolean restarting = new AtomicBoolean();
    private final Object backupLock = new Object();

    public DeviceFeature(DeviceOptions options) {
        this.options = options;
        this.backups = new ConfigurationBackup(options.dataDirectory(), options.productVersion(), options.backupKdf());
        this.troubleshooter = new Troubleshooter(options.systemRoot(), java.time.Clock.systemUTC(), options.kernelRuleset());
    }

    @Override
    public List<Route> api(FeatureContext context) {
        Handlers h = new Handlers(context);
        return List.of(
                new Route("POST", "/api/device/backup", Section.SETTINGS, false, Route.SMALL_BODY,
                        "Create a backup sealed with the administrator's password {\"password\"}; answers the file", null, h::backup),
                new Route("POST", "/api/device/restore", Section.SETTINGS, false, MAX_RESTORE_BODY,
                        "Restore a backup {\"password\", \"backup\": Base64 file}; the service restarts", null, h::restore),
                new Route("POST", "/api/device/restart", Section.SETTINGS, false, 0, "Restart the service", null, h::restart),
                new Route("GET", "/api/device/system-log", Section.SETTINGS, false, 0,
                        "The system log archive log_files.tar.gz (service log, audit logs, troubleshooting report)", null, h::systemLog),
                new Route("GET", "/api/device/troubleshooting", Section.SETTINGS, false, 0,
                        "Interfaces, routes, firewall and NAT rules with counters, cluster, processes and memory", null, h::troubleshooting),
                new Route("POST", "/api/device/ping", Section.SETTINGS, false, 4096,
                        "Ping a host name or IP address {\"host\"}; answers the output", null, h::ping));
    }

    @Override
    public List<Route> pages(Pages pages) {
        return new DevicePages(pages).routes();
    }

    @Override
    public List<NavEntry> nav() {
        return List.of(new NavEntry("/settings/backup", "device.nav.backup", Section.SETTINGS, 850),
                new NavEntry("/settings/commands", "device.nav.commands", Section.SETTINGS, 860),
                new NavEntry("/settings/diagnostics", "device.nav.diagnostics", Section.SETTINGS, 830));
    }

    /** The handlers, bound to the service's context. */
    private final class Handlers {
        private final FeatureContext context;
        private final AuditTrail audit;

        Handlers(FeatureContext context) {
            this.context = context;
            this.audit = context.audit();
        }

        ApiResponse backup(ApiRequest request) throws ApiException, IOException {
            notRestarting();
            String actor = request.requireSession().accountName();
            JsonBody body = request.json().only(List.of("password"));
            char[] password = body.string("password").toCharArray();
            try {
                String hash = context.accounts().account(Role.ADMINISTRATOR).passwordHash();
                // The hash carries its own parameters; DEFAULT only supplies the algorithm.
                if (password.length == 0 || !PasswordHasher.DEFAULT.verify(new String(password), hash)) {
                    audit.record(AuditEventType.BACKING_UP_THE_SYSTEM_CONFIGURATION, actor,
                            Map.of("status", "refused: the administrator password is wrong"));
                    throw new ApiException(422, "wrong_password", "the password is not the administrator's password",
                            List.of(new ApiException.Detail("$.password", "not the administrator's password")));
                }
                byte[] file;
                synchronized (backupLock) {
                    try {
                        file = backups.create(password);
                    } catch (IOException | RuntimeException e) {
                        audit.record(AuditEventType.BACKING_UP_THE_SYSTEM_CONFIGURATION, actor, Map.of("status", "failed: " + e.getMessage()));
                        throw e;
                    }
                }
                audit.record(AuditEventType.BACKING_UP_THE_SYSTEM_CONFIGURATION, actor, Map.of("status", "completed successfully"));
                return new ApiResponse(200, "application/octet-stream", file, List.of());
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        ApiResponse restore(ApiRequest request) throws ApiException, IOException {
            notRestarting();
            String actor = request.requireSession().accountName();
            JsonBody body = request.json().only(List.of("password", "backup"));
            char[] password = body.string("password").toCharArray();
            byte[] file;
            try {
                file = Base64.getDecoder().decode(body.string("backup"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("$.backup", "must be the backup file in Base64");
            }
            try {
                synchronized (backupLock) {
                    notRestarting();
                    BackupContents contents;
                    try {
                        contents = backups.open(file, password);
                    } catch (BackupException e) {
                        audit.record(AuditEventType.RESTORING_THE_SYSTEM_CONFIGURATION, actor,
                                Map.of("status", "refused, nothing changed: " + e.getMessage()));
                        throw new ApiException(422, refusalCode(e.reason()), "the backup was refused and nothing was changed: "
                                + e.getMessage(), List.of(new ApiException.Detail(e.reason() == BackupException.Reason.AUTHENTICATION
                                        ? "$.password" : "$.backup", e.getMessage())));
                    }
                    try {
                        backups.apply(contents);
                    } catch (IOException | RuntimeException e) {
                        audit.record(AuditEventType.RESTORING_THE_SYSTEM_CONFIGURATION, actor, Map.of("status", "failed: " + e.getMessage()));
                        throw e;
                    }
                    audit.record(AuditEventType.RESTORING_THE_SYSTEM_CONFIGURATION, actor,
                            Map.of("status", "completed successfully (" + contents.entries().size() + " files); the service restarts"));
                    ObjectNode answer = ApiResponse.object();
                    ArrayNode names = answer.putArray("restored");
                    ConfigurationBackup.names(contents).forEach(names::add);
                    answer.put("restarting", true);
                    requestRestart("restore");
                    return ApiResponse.json(200, answer);
                }
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        ApiResponse restart(ApiRequest request) throws ApiException {
            notRestarting();
            audit.record(AuditEventType.REBOOTING_THE_DEVICE, RESTART_COMPONENT, Map.of());
            requestRestart("restart command by " + request.requireSession().accountName());
            ObjectNode answer = ApiResponse.object();
            answer.put("restarting", true);
            return ApiResponse.json(202, answer);
        }

        ApiResponse systemLog(ApiRequest request) throws IOException {
            String actor = request.requireSession().accountName();
            byte[] report = Pages.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report());
            byte[] archive = new SystemLogArchive(options.logDirectory(), options.auditStore(), audit)
                    .build(actor, report, context.clock().instant());
            return new ApiResponse(200, "application/gzip", archive, List.of());
        }

        ApiResponse troubleshooting(ApiRequest request) {
            return ApiResponse.json(Pages.mapper().valueToTree(report()));
        }

        ApiResponse ping(ApiRequest request) throws ApiException, IOException {
            JsonBody body = request.json().only(List.of("host"));
            PingTarget.Result parsed = PingTarget.parse(body.string("host"));
            if (!parsed.accepted()) {
                throw ApiException.badRequest("$.host", parsed.problem());
            }
            PingTool.Outcome outcome;
            try {
                outcome = PingTool.run(parsed.target().orElseThrow());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted", "the ping was interrupted");
            } catch (IOException e) {
                throw new ApiException(503, "ping_unavailable", e.getMessage());
            }
            ObjectNode answer = ApiResponse.object();
            answer.put("host", outcome.host());
            answer.put("exitCode", outcome.exitCode());
            answer.put("timedOut", outcome.timedOut());
            answer.put("output", outcome.output());
            return ApiResponse.json(answer);
        }

        private TroubleshootingReport report() {
            return troubleshooter.report(context.history().current().config(), context.engine().counters());
        }
    }

    private void notRestarting() throws ApiException {
        if (restarting.get()) {
            throw new ApiException(409, "restarting", "the service is restarting; sign in again in a few seconds");
        }
    }

    private void requestRestart(String reason) throws ApiException {
        if (!restarting.compareAndSet(false, true)) {
            throw new ApiException(409, "restarting", "the service is already restarting");
        }
        try {
            options.control().restart(reason);
        } catch (UnsupportedOperationException e) {
            restarting.set(false);
            throw new ApiException(501, "restart_unsupported", "this service cannot restart itself; restart it from the host");
        }
    }

    static String refusalCode(BackupException.Reason reason) {
        return switch (reason) {
            case AUTHENTICATION -> "backup_wrong_password_or_altered";
            case VERSION -> "backup_other_version";
            case TOO_LARGE -> "backup_too_large";
            case FORMAT, TRUNCATED, PARAMETERS -> "backup_invalid";
        };
    }
}
