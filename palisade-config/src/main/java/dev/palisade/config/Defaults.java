package dev.palisade.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values of a freshly installed gateway, kept as the resource {@code defaults.json} so that
 * the defaults read like the document they complete. Filling merges objects key by key: an absent
 * key takes the default value whole; a present value is never replaced, even one of the wrong
 * type (validation reports it); arrays are not merged.
 */
final class Defaults {

    private static final ObjectNode DEFAULTS = load("defaults.json");

    private Defaults() {
    }

    /** Adds every absent key, in place. */
    static void fill(ObjectNode document) {
        if (document.get("NETWORK") instanceof ObjectNode network && network.get("LAN") instanceof ObjectNode lan) {
            DhcpRange.fillAbsent(lan);
        }
        merge(document, DEFAULTS);
    }

    private static void merge(ObjectNode target, ObjectNode defaults) {
        for (Map.Entry<String, JsonNode> entry : defaults.properties()) {
            JsonNode present = target.get(entry.getKey());
            if (present == null) {
                target.set(entry.getKey(), entry.getValue().deepCopy());
            } else if (present instanceof ObjectNode presentObject && entry.getValue() instanceof ObjectNode nested) {
                merge(presentObject, nested);
            }
        }
    }

    /** Reads a bundled document; a broken resource is a build bug, not a user error. */
    static ObjectNode load(String resource) {
        return StrictJson.readObjectUnchecked(text(resource), resource);
    }

    static String text(String resource) {
        try (InputStream in = Defaults.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
