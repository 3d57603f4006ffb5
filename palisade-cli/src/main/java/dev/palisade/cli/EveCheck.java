package dev.palisade.cli;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates suricata-verify filter checks over EVE records: a record matches when every key of
 * the match holds; keys are dotted paths with optional array indexes
 * ({@code mqtt.subscribe.topics[0].topic}); {@code has-key} and {@code not-has-key} test presence.
 * Values compare as the suite's runner does: numbers by value, everything else by its text.
 */
final class EveCheck {

    private EveCheck() {
    }

    /** How many records match every key of {@code match}. */
    static int count(List<JsonNode> records, Map<String, JsonNode> match) {
        int n = 0;
        for (JsonNode r : records) {
            if (matches(r, match)) {
                n++;
            }
        }
        return n;
    }

    static boolean matches(JsonNode record, Map<String, JsonNode> match) {
        for (Map.Entry<String, JsonNode> e : match.entrySet()) {
            String key = e.getKey();
            JsonNode want = e.getValue();
            if (key.equals("has-key")) {
                if (lookup(record, VerifyCase.text(want)) == null) {
                    return false;
                }
                continue;
            }
            if (key.equals("not-has-key")) {
                if (lookup(record, VerifyCase.text(want)) != null) {
                    return false;
                }
                continue;
            }
            JsonNode got = lookup(record, key);
            if (got == null || !same(got, want)) {
                return false;
            }
        }
        return true;
    }

    static boolean same(JsonNode got, JsonNode want) {
        if (got.isNumber() && want.isNumber()) {
            return got.decimalValue().compareTo(want.decimalValue()) == 0;
        }
        if (got.isContainer() || want.isContainer()) {
            return got.equals(want);
        }
        return got.asString().equals(want.asString());
    }

    /** The node at a dotted path, or null when absent. */
    static JsonNode lookup(JsonNode root, String path) {
        JsonNode cur = root;
        for (String part : path.split("\\.")) {
            String name = part;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                name = part.substring(0, bracket);
            }
            if (!name.isEmpty()) {
                if (cur == null || !cur.isObject() || !cur.has(name)) {
                    return null;
                }
                cur = cur.get(name);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    return null;
                }
                int index;
                try {
                    index = Integer.parseInt(part.substring(bracket + 1, close));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (cur == null || !cur.isArray() || index < 0 || index >= cur.size()) {
                    return null;
                }
                cur = cur.get(index);
                bracket = part.indexOf('[', close);
            }
        }
        return cur;
    }
}
