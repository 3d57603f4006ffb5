package dev.palisade.management.http;

import java.util.List;

/**
 * A request that cannot be served, carried to the one error format:
 * {@code {"error": {"status", "code", "message", "details": [{"path", "reason"}]}}}. {@code code}
 * is a stable machine-readable word; {@code message} tells a person what to do; {@code details}
 * point at JSON paths in the request (or the configuration document) when there are several.
 */
public final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** One problem at a JSON path. */
    public record Detail(String path, String reason) {
    }

    private final int status;
    private final String code;
    private final transient List<Detail> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiException(int status, String code, String message, List<Detail> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Detail> details() {
        return details;
    }

    public static ApiException badRequest(String path, String reason) {
        return new ApiException(400, "invalid_request", reason + " (at " + path + ")", List.of(new Detail(path, reason)));
    }
}
