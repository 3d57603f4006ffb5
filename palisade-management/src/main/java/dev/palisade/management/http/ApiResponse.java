package dev.palisade.management.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a handler answers: a status, a content type and bytes, plus {@code Set-Cookie} values (the
 * dispatcher adds the security headers every response gets), and for a redirect the {@code Location}.
 */
public record ApiResponse(int status, String contentType, byte[] body, List<String> setCookies, String location) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ApiResponse {
        setCookies = List.copyOf(setCookies);
    }

    public ApiResponse(int status, String contentType, byte[] body, List<String> setCookies) {
        this(status, contentType, body, setCookies, null);
    }

    /** A 303 See Other to a path of this server (after a form post, or to the sign-in page). */
    public static ApiResponse redirect(String path) {
        if (!path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException("redirects stay on this server: " + path);
        }
        return new ApiResponse(303, null, new byte[0], List.of(), path);
    }

    /** An HTML page with {@code status}. */
    public static ApiResponse html(int status, String body) {
        return new ApiResponse(status, "text/html", body.getBytes(StandardCharsets.UTF_8), List.of());
    }

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body), List.of());
    }

    public static ApiResponse json(JsonNode body) {
        return json(200, body);
    }

    public static ApiResponse text(String contentType, String body) {
        return new ApiResponse(200, contentType, body.getBytes(StandardCharsets.UTF_8), List.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0], List.of());
    }

    public ApiResponse withCookie(String setCookie) {
        List<String> cookies = new java.util.ArrayList<>(setCookies);
        cookies.add(setCookie);
        return new ApiResponse(status, contentType, body, cookies, location);
    }

    /** A fresh JSON object node to fill. */
    public static tools.jackson.databind.node.ObjectNode object() {
        return JSON.createObjectNode();
    }
}
