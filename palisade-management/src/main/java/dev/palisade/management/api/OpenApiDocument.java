package dev.palisade.management.api;

import dev.palisade.management.account.Role;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.Dispatcher;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.RouteTable;
import dev.palisade.management.http.Section;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 description of the API, generated from the {@link RouteTable} itself so it
 * cannot drift from what is served: each route gives a path item with its summary, the roles its
 * section allows ({@code x-roles}), the CSRF header when it changes state, and its request schema;
 * the schemas and the error format come from {@code openapi-components.json}.
 */
public final class OpenApiDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiDocument() {
    }

    public static ObjectNode of(RouteTable table) {
        ObjectNode root = ApiResponse.object();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Palisade management API");
        info.put("version", "1");
        info.put("description", "Every request needs a TLS client certificate signed by the gateway's root certificate. "
                + "Sign in with POST /api/session; the session cookie " + Dispatcher.SESSION_COOKIE
                + " identifies the session and every state-changing request must carry the session's CSRF token in the "
                + Dispatcher.CSRF_HEADER + " header. Errors use the Error schema.");
        root.set("components", components());
        ObjectNode paths = root.putObject("paths");
        for (Route route : table.routes()) {
            ObjectNode item = paths.has(route.template()) ? (ObjectNode) paths.get(route.template()) : paths.putObject(route.template());
            ObjectNode op = item.putObject(route.method().toLowerCase(Locale.ROOT));
            op.put("summary", route.summary());
            op.put("operationId", operationId(route));
            ArrayNode tags = op.putArray("tags");
            tags.add(route.section().name().toLowerCase(Locale.ROOT));
            ArrayNode roles = op.putArray("x-roles");
            for (Role role : Role.values()) {
                if (route.section().allows(role)) {
                    roles.add(ManagementApi.roleName(role));
                }
            }
            ArrayNode parameters = op.putArray("parameters");
            for (String segment : route.template().split("/")) {
                if (segment.startsWith("{")) {
                    ObjectNode p = parameters.addObject();
                    p.put("name", segment.substring(1, segment.length() - 1));
                    p.put("in", "path");
                    p.put("required", true);
                    p.putObject("schema").put("type", "string");
                }
            }
            if (route.changesState() && route.section() != Section.SIGN_IN) {
                ObjectNode p = parameters.addObject();
                p.put("name", Dispatcher.CSRF_HEADER);
                p.put("in", "header");
                p.put("required", true);
                p.putObject("schema").put("type", "string");
            }
            if (route.section().needsSession()) {
                op.putArray("security").addObject().putArray("session");
            } else {
                op.putArray("security");
            }
            if (route.requestSchema() != null) {
                ObjectNode body = op.putObject("requestBody");
                body.put("required", true);
                String media = route.requestSchema().equals("CertificateFile") ? "application/octet-stream" : "application/json";
                body.putObject("content").putObject(media).putObject("schema").put("$ref", "#/components/schemas/" + route.requestSchema());
            }
            ObjectNode responses = op.putObject("responses");
            responses.putObject(route.method().equals("POST") && route.template().equals("/api/session") ? "201"
                    : route.method().equals("DELETE") ? "204" : "200").put("description", "done");
            responses.putObject("default").put("description", "an error")
                    .putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
        }
        return root;
    }

    private static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String segment : route.template().split("[/.{}-]")) {
            if (!segment.isEmpty() && !segment.equals("api")) {
                id.append(Character.toUpperCase(segment.charAt(0))).append(segment.substring(1));
            }
        }
        return id.toString();
    }

    private static ObjectNode components() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi-components.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi-components.json is missing from the build");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi-components.json", e);
        }
    }
}
