package dev.palisade.config;

import java.math.BigDecimal;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the document text. Reading builds the tree from the token stream itself
 * rather than through data binding, so that a duplicate key is refused with its path (a plain
 * tree read would silently keep the last value), nesting and size are bounded before any work
 * is spent, and numbers keep their exact text (unknown values must survive write-back).
 */
final class StrictJson {

    /** Largest document accepted, in characters. A full document is a few hundred KiB at most. */
    static final int MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

    /** Deepest nesting accepted; the spec's deepest object is five levels down. */
    static final int MAX_DEPTH = 64;

    /**
     * Most tokens accepted. A full document with every list at its limit has well under 100,000;
     * the bound keeps a small hostile document of {@code [0,0,0,...]} from building millions of nodes.
     */
    static final long MAX_TOKENS = 1_000_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(MAX_DOCUMENT_CHARS)
                            .maxNestingDepth(MAX_DEPTH + 1)
                            .maxNumberLength(100)
                            .maxTokenCount(MAX_TOKENS)
                            .maxNameLength(10_000)
                            .build())
                    .build())
            .build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private StrictJson() {
    }

    /** Parses a document whose root must be an object. */
    static ObjectNode readObject(String text) throws ConfigException {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new ConfigException(JsonPath.ROOT, "document is larger than " + MAX_DOCUMENT_CHARS + " characters");
        }
        Problems duplicates = new Problems();
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigException(JsonPath.ROOT, "document is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(JsonPath.ROOT, "the document must be a JSON object, found " + describe(first));
            }
            root = readValue(parser, Path.ROOT, 1, duplicates);
            if (parser.nextToken() != null) {
                throw new ConfigException(JsonPath.ROOT, "unexpected content after the document" + at(parser.currentLocation()));
            }
        } catch (JacksonException e) {
            // Jackson quotes the offending token, which may be a secret typed without quotes.
            String reason = String.valueOf(e.getOriginalMessage()).replaceAll("'[^']*'", "'…'");
            throw new ConfigException(syntaxPath(e), "not valid JSON" + at(e.getLocation()) + ": " + reason);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(JsonPath.ROOT, "not valid JSON: unreadable number: " + e.getMessage());
        }
        if (duplicates.hasErrors()) {
            throw duplicates.exception();
        }
        return (ObjectNode) root;
    }

    /** For bundled documents: a failure is a bug in the build, not in user input. */
    static ObjectNode readObjectUnchecked(String text, String name) {
        try {
            return readObject(text);
        } catch (ConfigException e) {
            throw new IllegalStateException("bundled document " + name + " is broken:\n" + e.getMessage(), e);
        }
    }

    /** Pretty text: two-space indent, one key per line, a final newline. */
    static String write(JsonNode tree) {
        return MAPPER.writer().with(PRETTY).writeValueAsString(tree) + "\n";
    }

    /**
     * Where a value sits, as a chain of segments: the path text is built only when an error
     * names it, so deep documents with long keys cost no more to read than short ones.
     */
    private record Path(Path parent, String key, int index) {
        static final Path ROOT = new Path(null, null, -1);

        Path child(String name) {
            return new Path(this, name, -1);
        }

        Path element(int i) {
            return new Path(this, null, i);
        }

        String render() {
            if (parent == null) {
                return JsonPath.ROOT;
            }
            java.util.ArrayDeque<Path> chain = new java.util.ArrayDeque<>();
            for (Path p = this; p.parent != null; p = p.parent) {
                chain.push(p);
            }
            String text = JsonPath.ROOT;
            for (Path p : chain) {
                text = p.key != null ? JsonPath.child(text, p.key) : JsonPath.index(text, p.index);
                if (text.length() > JsonPath.MAX_RENDERED * 4) {
                    text = JsonPath.shorten(text);
                }
            }
            return JsonPath.shorten(text);
        }
    }

    private static JsonNode readValue(JsonParser parser, Path path, int depth, Problems duplicates)
            throws ConfigException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                checkDepth(path, depth);
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    if (unpairedSurrogate(name)) {
                        throw new ConfigException(path.render(), "a key holds an unpaired UTF-16 surrogate");
                    }
                    Path childPath = path.child(name);
                    parser.nextToken();
                    JsonNode value = readValue(parser, childPath, depth + 1, duplicates);
                    if (object.has(name)) {
                        duplicates.error(childPath.render(), "duplicate key");
                    } else {
                        object.set(name, value);
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                checkDepth(path, depth);
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser, path.element(index++), depth + 1, duplicates));
                }
                return array;
            }
            case VALUE_STRING -> {
                String text = parser.getString();
                if (unpairedSurrogate(text)) {
                    // It could not be written back as UTF-8: refuse it rather than change it.
                    throw new ConfigException(path.render(), "string holds an unpaired UTF-16 surrogate (\\ud800-\\udfff)");
                }
                return NODES.stringNode(text);
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal value = parser.getDecimalValue();
                return NODES.numberNode(value);
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new ConfigException(path.render(), "unexpected JSON token " + token);
        }
    }

    private static boolean unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static void checkDepth(Path path, int depth) throws ConfigException {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(path.render(), "nesting is deeper than " + MAX_DEPTH + " levels");
        }
    }

    /**
     * Where the parser stood when the syntax broke, so an operator who forgot a comma deep inside
     * the firewall rules is pointed at that rule, not only at a line number. The context chain is
     * read from the exception's parser; without one the error stays at the root.
     */
    private static String syntaxPath(JacksonException e) {
        if (!(e.processor() instanceof JsonParser parser)) {
            return JsonPath.ROOT;
        }
        java.util.ArrayDeque<tools.jackson.core.TokenStreamContext> chain = new java.util.ArrayDeque<>();
        for (tools.jackson.core.TokenStreamContext c = parser.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        Path path = Path.ROOT;
        for (tools.jackson.core.TokenStreamContext c : chain) {
            if (c.inObject()) {
                if (c.currentName() == null) {
                    break;
                }
                path = path.child(c.currentName());
            } else if (c.inArray()) {
                if (!c.hasCurrentIndex()) {
                    break;
                }
                path = path.element(c.getCurrentIndex());
            }
        }
        return path.render();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
