package dev.palisade.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed, error-recording access to the keys of one JSON object. Every accessor reports a wrong
 * type or a missing required key to {@link Problems} under the key's path and returns empty, so
 * binders read on and collect every error in one pass. JSON {@code null} is never accepted as a
 * value: it is reported as a type error rather than read as "absent".
 */
final class Fields {

    private final ObjectNode node;
    private final String path;
    private final Problems problems;

    private Fields(ObjectNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The object at {@code path}, or empty (with an error) when the value is not an object. */
    static Optional<Fields> of(JsonNode value, String path, Problems problems) {
        if (value instanceof ObjectNode object) {
            return Optional.of(new Fields(object, path, problems));
        }
        problems.error(path, "expected object, found " + typeOf(value));
        return Optional.empty();
    }

    String path() {
        return path;
    }

    String path(String key) {
        return JsonPath.child(path, key);
    }

    Problems problems() {
        return problems;
    }

    /** The keys present, in document order. */
    List<String> keys() {
        return List.copyOf(node.propertyNames());
    }

    boolean has(String key) {
        return node.has(key);
    }

    /** The raw value, or null when absent. */
    JsonNode raw(String key) {
        return node.get(key);
    }

    void error(String key, String reason) {
        problems.error(path(key), reason);
    }

    /** Warns about keys this code does not know: they are kept, but a typo would go unnoticed. */
    void warnUnknown(Set<String> known) {
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                problems.warning(path(key), "unknown key, kept as is and ignored");
            }
        }
    }

    /**
     * For objects that grant or deny traffic: an unknown key that looks like a misspelt known one
     * ({@code ipAddrDst}, {@code portdest}) is refused, since the rule would otherwise match any
     * destination; other unknown keys ({@code comment}, {@code id}) are kept with a warning.
     */
    void refuseMisspelt(Set<String> known) {
        for (String key : node.propertyNames()) {
            if (known.contains(key)) {
                continue;
            }
            String near = null;
            for (String k : known) {
                // Short keys are close to many words ("note" is two edits from "zone"): allow
                // one edit below six letters, two from six on.
                int allowed = Math.min(k.length(), key.length()) < 6 ? 1 : 2;
                if (k.equalsIgnoreCase(key) || (Math.abs(k.length() - key.length()) <= allowed && distance(k, key) <= allowed)) {
                    near = k;
                    break;
                }
            }
            if (near != null) {
                problems.error(path(key), "unknown key, probably a misspelt '" + near + "'");
            } else {
                problems.warning(path(key), "unknown key, kept as is and ignored");
            }
        }
    }

    /** Edit distance (insertions, deletions, substitutions) of two short keys. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    Optional<Fields> object(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null) {
            missing(key, required);
            return Optional.empty();
        }
        return of(value, path(key), problems);
    }

    /** The elements of an array, each with its path. */
    Optional<List<Element>> array(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null) {
            missing(key, required);
            return Optional.empty();
        }
        if (!value.isArray()) {
            error(key, "expected array, found " + typeOf(value));
            return Optional.empty();
        }
        List<Element> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new Element(value.get(i), JsonPath.index(path(key), i), i));
        }
        return Optional.of(elements);
    }

    Optional<Boolean> bool(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null) {
            missing(key, required);
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            error(key, "expected boolean (true or false), found " + typeOf(value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    Optional<String> string(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null) {
            missing(key, required);
            return Optional.empty();
        }
        if (!value.isString()) {
            error(key, "expected string, found " + typeOf(value));
            return Optional.empty();
        }
        return Optional.of(value.stringValue());
    }

    /** A string with at most {@code maxChars} characters (code points). */
    Optional<String> string(String key, boolean required, int maxChars) {
        Optional<String> value = string(key, required);
        if (value.isPresent() && value.get().codePointCount(0, value.get().length()) > maxChars) {
            error(key, "longer than " + maxChars + " characters");
            return Optional.empty();
        }
        return value;
    }

    /** One of the given spellings, exactly (values are case-sensitive like keys). */
    Optional<String> choice(String key, boolean required, List<String> allowed) {
        Optional<String> value = string(key, required);
        if (value.isPresent() && !allowed.contains(value.get())) {
            error(key, "'" + value.get() + "' is not one of " + quoted(allowed));
            return Optional.empty();
        }
        return value;
    }

    /**
     * An integer within {@code [min, max]}, given as a JSON integer or as a string of decimal
     * digits (the spec types several numeric fields as strings, and documents in the field carry
     * both forms).
     */
    OptionalLong integer(String key, boolean required, long min, long max) {
        JsonNode value = node.get(key);
        if (value == null) {
            missing(key, required);
            return OptionalLong.empty();
        }
        OptionalLong parsed = Numbers.integer(value);
        if (parsed.isEmpty()) {
            error(key, value.isIntegralNumber()
                    ? "must be between " + min + " and " + max + ", found a larger number"
                    : "expected integer, found " + typeOf(value));
            return OptionalLong.empty();
        }
        if (parsed.getAsLong() < min || parsed.getAsLong() > max) {
            error(key, "must be between " + min + " and " + max + ", found " + parsed.getAsLong());
            return OptionalLong.empty();
        }
        return parsed;
    }

    private void missing(String key, boolean required) {
        if (required) {
            error(key, "required key is missing");
        }
    }

    /**
     * The JSON type of a value, never the value itself: a password or key given with the wrong
     * type must not end up in an error message.
     */
    static String typeOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            return "a string";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        return "an object";
    }

    static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
    }

    /** One array element with its path and index. */
    record Element(JsonNode value, String path, int index) {

        Optional<Fields> object(Problems problems) {
            return of(value, path, problems);
        }
    }
}
