package dev.palisade.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds test documents: a full valid document edited by JSON-pointer operations. */
final class TestDocs {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private TestDocs() {
    }

    /** An edit of a document tree. */
    interface Op extends Consumer<ObjectNode> {
    }

    static String resource(String name) {
        try (InputStream in = TestDocs.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The full valid document of the tests (router, static WAN, one rule of every kind). */
    static ObjectNode base() {
        return (ObjectNode) JSON.readTree(resource("valid-full.json"));
    }

    static String edited(Op... ops) {
        ObjectNode doc = base();
        for (Op op : ops) {
            op.accept(doc);
        }
        return JSON.writeValueAsString(doc);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** A JSON string value. */
    static String q(String text) {
        return JSON.writeValueAsString(text);
    }

    /** Sets the value at {@code pointer} (parents must exist; "-" appends to an array). */
    static Op set(String pointer, String jsonValue) {
        return setNode(pointer, json(jsonValue));
    }

    static Op setNode(String pointer, JsonNode value) {
        return doc -> {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = doc.at(pointer.substring(0, slash));
            String key = pointer.substring(slash + 1);
            if (parent instanceof ArrayNode array) {
                if (key.equals("-")) {
                    array.add(value);
                } else {
                    array.set(Integer.parseInt(key), value);
                }
            } else if (parent instanceof ObjectNode object) {
                object.set(key, value);
            } else {
                throw new IllegalArgumentException("no container at " + pointer);
            }
        };
    }

    static Op remove(String pointer) {
        return doc -> {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = doc.at(pointer.substring(0, slash));
            String key = pointer.substring(slash + 1);
            if (parent instanceof ArrayNode array) {
                array.remove(Integer.parseInt(key));
            } else {
                ((ObjectNode) parent).remove(key);
            }
        };
    }

    /** Replaces the array at {@code pointer} with {@code count} copies made by {@code element}. */
    static Op list(String pointer, int count, java.util.function.IntFunction<String> element) {
        return doc -> {
            ArrayNode array = JSON.createArrayNode();
            for (int i = 0; i < count; i++) {
                array.add(json(element.apply(i)));
            }
            setNode(pointer, array).accept(doc);
        };
    }

    /** An address 10.x.y.z made from an index, for long lists. */
    static String address(int i) {
        return "10." + ((i >> 16) & 0xff) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
    }
}
