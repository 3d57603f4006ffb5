package dev.palisade.management.http;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON request body read as an object, with typed accessors that fail with the JSON path of the
 * field ({@code $.newPassword}). Bodies must be UTF-8, at most {@link #MAX_DEPTH} deep; duplicate
 * keys are refused (a second {@code "role"} must not silently win). Values are never echoed in an
 * error, since bodies carry passwords.
 */
public final class JsonBody {

    static final int MAX_DEPTH = 16;

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(40)
                            .maxStringLength(1 << 20)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    private final ObjectNode root;

    private JsonBody(ObjectNode root) {
        this.root = root;
    }

    /** Parses {@code bytes} as one JSON object. */
    public static JsonBody parse(byte[] bytes) throws ApiException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("$", "the body is not UTF-8 text");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("$", "the body is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("$", "the body must be a JSON object");
        }
        return new JsonBody((ObjectNode) node);
    }

    /** A required string field. */
    public String string(String field) throws ApiException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("$." + field, "required");
        }
        if (!value.isString()) {
            throw ApiException.badRequest("$." + field, "must be a string");
        }
        return value.asString();
    }

    /** An optional string field, or {@code fallback}. */
    public String string(String field, String fallback) throws ApiException {
        return root.has(field) && !root.get(field).isNull() ? string(field) : fallback;
    }

    /** A required integer field. */
    public int integer(String field) throws ApiException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("$." + field, "required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.badRequest("$." + field, "must be an integer");
        }
        return value.asInt();
    }

    /** An optional integer field, or {@code fallback}. */
    public int integer(String field, int fallback) throws ApiException {
        return root.has(field) && !root.get(field).isNull() ? integer(field) : fallback;
    }

    /** An optional boolean field, or {@code fallback}. */
    public boolean bool(String field, boolean fallback) throws ApiException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("$." + field, "must be true or false");
        }
        return value.asBoolean();
    }

    /** Whether the body has {@code field} (with any value but null). */
    public boolean has(String field) {
        return root.has(field) && !root.get(field).isNull();
    }

    /** Refuses fields other than {@code allowed} (a misspelt field must not be ignored silently). */
    public JsonBody only(List<String> allowed) throws ApiException {
        for (String name : root.propertyNames()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("$." + shorten(name), "unknown field; expected one of " + allowed);
            }
        }
        return this;
    }

    /** A copy of the whole object, for operations that hand a part of the configuration document on as it came. */
    public ObjectNode tree() {
        return root.deepCopy();
    }

    private static String shorten(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
