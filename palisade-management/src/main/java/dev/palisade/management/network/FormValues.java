package dev.palisade.management.network;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Form fields (always text) turned into the JSON values the configuration document expects, so
 * the document keeps its types: a port typed as {@code 8080} becomes the JSON integer 8080. Only
 * plain decimal numbers (1-9 digits, no sign, no leading zero) become integers; any other text is
 * passed on as a string and the configuration model refuses it with its JSON path, so what the
 * administrator typed is never silently changed. Surrounding white space is removed.
 */
final class FormValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FormValues() {
    }

    /** An integer field: a JSON integer when the text is a plain number, else the text (for the model to refuse). */
    static JsonNode integerOrText(String text) {
        String t = text.strip();
        if (!t.isEmpty() && t.length() <= 9 && (t.length() == 1 || t.charAt(0) != '0')) {
            boolean digits = true;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
            }
            if (digits) {
                return NODES.numberNode(Integer.parseInt(t));
            }
        }
        return NODES.stringNode(t);
    }

    /** A text field (addresses, masks): stripped of surrounding white space. */
    static JsonNode text(String text) {
        return NODES.stringNode(text.strip());
    }
}
