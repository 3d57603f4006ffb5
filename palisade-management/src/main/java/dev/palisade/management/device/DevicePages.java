package dev.palisade.management.device;

import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiRequest;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.FormBody;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.FieldError;
import dev.palisade.management.web.Page;
import dev.palisade.management.web.Pages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import tools.jackson.databind.JsonNode;

/**
 * The device area's pages: Settings &gt; Backup and recovery ({@code /settings/backup}), Commands
 * ({@code /settings/commands}) and Diagnostics ({@code /settings/diagnostics}, also reached as the
 * spec's {@code /troubleshooting.html}). They call the API operations of {@link DeviceFeature} as the
 * page's caller. Downloads are named by the last segment of their path ({@code palisade.backup},
 * {@code log_files.tar.gz}). The restore form is sent by htmx as multipart/form-data (the file and
 * the password) with the CSRF token in its header, and answers a fragment.
 */
final class DevicePages {

    /** Largest multipart restore upload: the API's Base64 limit, in raw bytes. */
    static final int MAX_UPLOAD = DeviceFeature.MAX_RESTORE_BODY / 4 * 3;

    private final Pages pages;

    DevicePages(Pages pages) {
        this.pages = pages;
    }

    List<Route> routes() {
        return List.of(
                Route.page("GET", "/settings/backup", Section.SETTINGS, false, r -> backupPage(r, 200, List.of())),
                Route.page("POST", "/settings/backup/palisade.backup", Section.SETTINGS, false, this::createBackup),
                new Route("POST", "/settings/backup/restore", Section.SETTINGS, false, MAX_UPLOAD + 64 * 1024, null, null,
                        this::restore, true),
                Route.page("GET", "/settings/commands", Section.SETTINGS, false, r -> commandsPage(r, 200, List.of(), false)),
                Route.page("POST", "/settings/commands/restart", Section.SETTINGS, false, this::restart),
                Route.page("GET", "/settings/diagnostics", Section.SETTINGS, false, r -> diagnosticsPage(r, 200, "", null, List.of())),
                Route.page("GET", "/troubleshooting.html", Section.SETTINGS, false, r -> ApiResponse.redirect("/settings/diagnostics")),
                Route.page("GET", "/settings/diagnostics/" + SystemLogArchive.FILE_NAME, Section.SETTINGS, false,
                        r -> pages.call(r, "GET", "/api/device/system-log", null)),
                Route.page("POST", "/settings/diagnostics/ping", Section.SETTINGS, false, this::ping));
    }

    private ApiResponse backupPage(ApiRequest request, int status, List<FieldError> errors) {
        return pages.render(status, "device-backup", pages.page(request, "device.backup.title"), Map.of("errors", errors));
    }

    private ApiResponse createBackup(ApiRequest request) throws ApiException, java.io.IOException {
        FormBody form = Pages.form(request);
        try {
            return pages.call(request, "POST", "/api/device/backup", "{\"password\":" + Pages.jsonString(form.text("password")) + "}");
        } catch (ApiException e) {
            return backupPage(request, e.status(), Pages.errors(e));
        }
    }

    /** The htmx restore: always 200 (htmx swaps only successful answers) with a result fragment. */
    private ApiResponse restore(ApiRequest request) throws java.io.IOException {
        Page page = pages.page(request, "device.backup.title");
        Map<String, Object> model = new HashMap<>();
        try {
            Map<String, byte[]> parts = multipart(request);
            byte[] file = parts.get("file");
            if (file == null || file.length == 0) {
                throw ApiException.badRequest("file", page.m().get("device.restore.nofile"));
            }
            String password = new String(parts.getOrDefault("password", new byte[0]), StandardCharsets.UTF_8);
            JsonNode answer = pages.json(request, "POST", "/api/device/restore", "{\"password\":" + Pages.jsonString(password)
                    + ",\"backup\":\"" + Base64.getEncoder().encodeToString(file) + "\"}");
            model.put("errors", List.of());
            model.put("restored", answer.path("restored").size());
        } catch (ApiException e) {
            model.put("errors", Pages.errors(e));
            model.put("restored", -1);
        }
        return pages.render(200, "device-restore-result", page, model);
    }

    /** The fields of a multipart/form-data body, parsed by Jetty's parser, held in memory (bounded). */
    static Map<String, byte[]> multipart(ApiRequest request) throws ApiException {
        String boundary = request.contentType() == null ? null : MultiPart.extractBoundary(request.contentType());
        if (boundary == null || !request.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(415, "unsupported_media_type", "send the restore form as multipart/form-data");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(8);
        parser.setMaxLength(MAX_UPLOAD + 64 * 1024);
        parser.setMaxFileSize(MAX_UPLOAD);
        parser.setMaxMemoryFileSize(MAX_UPLOAD + 64 * 1024);
        parser.setUseFilesForPartsWithoutFileName(false);
        java.util.concurrent.CompletableFuture<MultiPartFormData.Parts> parsed = new java.util.concurrent.CompletableFuture<>();
        parser.parse(Content.Source.from(ByteBuffer.wrap(request.body())), new org.eclipse.jetty.util.Promise.Invocable<>() {
            @Override
            public void succeeded(MultiPartFormData.Parts result) {
                parsed.complete(result);
            }

            @Override
            public void failed(Throwable failure) {
                parsed.completeExceptionally(failure);
            }
        });
        try (MultiPartFormData.Parts parts = parsed.get(10, TimeUnit.SECONDS)) {
            Map<String, byte[]> out = new HashMap<>();
            for (MultiPart.Part part : parts) {
                if (part.getName() != null && !out.containsKey(part.getName())) {
                    ByteBuffer content = Content.Source.asByteBuffer(part.getContentSource());
                    byte[] bytes = new byte[content.remaining()];
                    content.get(bytes);
                    out.put(part.getName(), bytes);
                }
            }
            return out;
        } catch (ExecutionException | TimeoutException | java.io.IOException e) {
            throw new ApiException(400, "invalid_form", "the upload could not be read as multipart/form-data");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(400, "invalid_form", "the upload was interrupted");
        }
    }

    private ApiResponse commandsPage(ApiRequest request, int status, List<FieldError> errors, boolean restarting) {
        return pages.render(status, "device-commands", pages.page(request, "device.commands.title"),
                Map.of("errors", errors, "restarting", restarting));
    }

    private ApiResponse restart(ApiRequest request) throws ApiException, java.io.IOException {
        FormBody form = Pages.form(request);
        if (!form.checked("confirm")) {
            return commandsPage(request, 422, List.of(new FieldError("confirm",
                    Pages.messages(request.cookieHeader()).get("device.restart.confirm.required"))), false);
        }
        try {
            pages.call(request, "POST", "/api/device/restart", null);
            return commandsPage(request, 200, List.of(), true);
        } catch (ApiException e) {
            return commandsPage(request, e.status(), Pages.errors(e), false);
        }
    }

    private ApiResponse diagnosticsPage(ApiRequest request, int status, String host, JsonNode ping, List<FieldError> errors)
            throws ApiException, java.io.IOException {
        TroubleshootingReport report = Pages.mapper().treeToValue(pages.json(request, "GET", "/api/device/troubleshooting", null),
                TroubleshootingReport.class);
        Map<String, Object> model = new HashMap<>();
        model.put("report", report);
        model.put("host", host);
        model.put("pingOutput", ping == null ? "" : ping.path("output").asString());
        model.put("pingExit", ping == null ? Integer.MIN_VALUE : ping.path("exitCode").asInt());
        model.put("errors", errors);
        return pages.render(status, "device-diagnostics", pages.page(request, "device.diagnostics.title"), model);
    }

    private ApiResponse ping(ApiRequest request) throws ApiException, java.io.IOException {
        String host = Pages.form(request).text("host");
        try {
            JsonNode answer = pages.json(request, "POST", "/api/device/ping", "{\"host\":" + Pages.jsonString(host) + "}");
            return diagnosticsPage(request, 200, host, answer, List.of());
        } catch (ApiException e) {
            return diagnosticsPage(request, e.status(), host, null, Pages.errors(e));
        }
    }
}
