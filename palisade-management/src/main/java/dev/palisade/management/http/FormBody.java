package dev.palisade.management.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded {@code application/x-www-form-urlencoded} body, the format of the pages' HTML forms.
 * Repeated fields keep the first value; a field that cannot be decoded makes the whole body
 * invalid (400), so a form is never half-read.
 */
public final class FormBody {

    /** The hidden field in which the pages' forms carry the session's CSRF token. */
    public static final String CSRF_FIELD = "_csrf";

    private static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final int MAX_FIELDS = 256;

    private final Map<String, String> fields;

    private FormBody(Map<String, String> fields) {
        this.fields = Map.copyOf(fields);
    }

    /** Decodes {@code body}; {@code contentType} must be the form type. */
    public static FormBody parse(String contentType, byte[] body) throws ApiException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE)) {
            throw new ApiException(415, "unsupported_media_type", "send the form as " + FORM_TYPE);
        }
        Map<String, String> fields = new HashMap<>();
        String text = new String(body, StandardCharsets.US_ASCII);
        if (text.isEmpty()) {
            return new FormBody(fields);
        }
        String[] pairs = text.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            throw new ApiException(400, "invalid_form", "the form has more than " + MAX_FIELDS + " fields");
        }
        try {
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_form", "the form could not be decoded: " + e.getMessage());
        }
        return new FormBody(fields);
    }

    /** The CSRF field of a form body, or null when the body is no form or has none. */
    static String csrfField(String contentType, byte[] body) {
        if (MultipartBody.isMultipart(contentType)) {
            return MultipartBody.csrfField(contentType, body);
        }
        try {
            return parse(contentType, body).field(CSRF_FIELD).orElse(null);
        } catch (ApiException e) {
            return null;
        }
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The field's value, or "" when absent. */
    public String text(String name) {
        return fields.getOrDefault(name, "");
    }

    public boolean checked(String name) {
        return fields.containsKey(name);
    }
}
