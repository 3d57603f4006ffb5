package dev.palisade.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event text template with {@code <placeholder>} parts, e.g. "The traffic from the device
 * <IP address> is blocked". Rendering needs a value for every placeholder and refuses anything
 * else, so an event can never be recorded half filled in.
 */
public final class EventText {

    private final String template;
    private final List<String> literals;      // n + 1 literal parts around n placeholders
    private final List<String> placeholders;

    private EventText(String template, List<String> literals, List<String> placeholders) {
        this.template = template;
        this.literals = List.copyOf(literals);
        this.placeholders = List.copyOf(placeholders);
    }

    /** Parses a template; {@code <} and {@code >} must pair up around a non-empty name. */
    public static EventText parse(String template) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = template.indexOf('<', i);
            if (open < 0) {
                literals.add(template.substring(i));
                break;
            }
            int close = template.indexOf('>', open);
            if (close < 0 || close == open + 1 || template.indexOf('<', open + 1) != -1 && template.indexOf('<', open + 1) < close) {
                throw new IllegalArgumentException("unbalanced placeholder in '" + template + "'");
            }
            literals.add(template.substring(i, open));
            names.add(template.substring(open + 1, close));
            i = close + 1;
        }
        return new EventText(template, literals, names);
    }

    public String template() {
        return template;
    }

    /** The placeholder names, in order (a name may repeat). */
    public List<String> placeholders() {
        return placeholders;
    }

    /** Fills every placeholder; throws when one is missing or a value is not asked for. */
    public String render(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!placeholders.contains(key)) {
                throw new IllegalArgumentException("'" + template + "' has no placeholder <" + key + ">");
            }
        }
        StringBuilder sb = new StringBuilder(template.length() + 32);
        for (int k = 0; k < placeholders.size(); k++) {
            String value = values.get(placeholders.get(k));
            if (value == null) {
                throw new IllegalArgumentException("no value for <" + placeholders.get(k) + "> in '" + template + "'");
            }
            sb.append(literals.get(k)).append(value);
        }
        return sb.append(literals.get(placeholders.size())).toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
