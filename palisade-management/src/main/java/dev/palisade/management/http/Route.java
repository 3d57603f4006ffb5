package dev.palisade.management.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of the API: method, path template ({@code /api/certificates/{kind}}), the section
 * that decides who may call it, whether a session still bound to a forced password change may call
 * it, the largest body accepted, a one-line summary (for the OpenAPI document), the handler, and
 * whether it is a web page ({@code page}): a page's refusals become redirects and HTML pages instead
 * of JSON errors, and its forms may carry the CSRF token in a form field.
 */
public record Route(String method, String template, Section section, boolean duringForcedChange, int maxBody, String summary,
        String requestSchema, Handler handler, boolean page) {

    /** The code behind a route. Runs only after the dispatcher's checks passed. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws ApiException, java.io.IOException;
    }

    /** Default body limit: enough for any settings object, far below memory concerns. */
    public static final int SMALL_BODY = 64 * 1024;

    /** An API route (JSON errors). */
    public Route(String method, String template, Section section, boolean duringForcedChange, int maxBody, String summary,
            String requestSchema, Handler handler) {
        this(method, template, section, duringForcedChange, maxBody, summary, requestSchema, handler, false);
    }

    /** A web page route. */
    public static Route page(String method, String template, Section section, boolean duringForcedChange, Handler handler) {
        return new Route(method, template, section, duringForcedChange, SMALL_BODY, null, null, handler, true);
    }

    public Route {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with /: " + template);
        }
    }

    /** Whether a state-changing method (the CSRF token is required). */
    public boolean changesState() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** The path parameters when {@code path} fits the template. */
    public Optional<Map<String, String>> match(String path) {
        List<String> want = segments(template);
        List<String> have = segments(path);
        if (want.size() != have.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new java.util.HashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String h = have.get(i);
            if (w.startsWith("{") && w.endsWith("}")) {
                if (h.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(w.substring(1, w.length() - 1), h);
            } else if (!w.equals(h)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            out.add(s);
        }
        return out;
    }
}
