package dev.palisade.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A suricata-verify case's {@code test.yaml}, read as data: the capture ({@code pcap}, a path
 * relative to the case, or {@code false} for a rules-only case), the command line {@code args}
 * (split into words), the expected {@code exit-code}, and the {@code checks}. Unknown keys are
 * ignored, as the suite's runner ignores the ones it does not need.
 */
record VerifyCase(String pcap, boolean noPcap, List<String> args, int exitCode, List<Check> checks) {

    /** One check: a filter with a count and matches, or a shell command with its expected output. */
    record Check(int count, Map<String, JsonNode> match, String shell, String expect) {

        boolean isShell() {
            return shell != null;
        }

        String describe() {
            if (isShell()) {
                return "shell: " + shell.strip() + " == " + expect;
            }
            StringBuilder b = new StringBuilder("count ").append(count).append(" of {");
            String sep = "";
            for (Map.Entry<String, JsonNode> e : match.entrySet()) {
                b.append(sep).append(e.getKey()).append(": ").append(text(e.getValue()));
                sep = ", ";
            }
            return b.append('}').toString();
        }
    }

    /**
     * Parses a test.yaml.
     *
     * @throws IllegalArgumentException with the reason when it is not a usable test description
     */
    static VerifyCase parse(String text) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("test.yaml must be a mapping");
        }
        JsonNode p = root.get("pcap");
        boolean noPcap = p != null && (p.isBoolean() && !p.asBoolean() || p.isString() && p.asString().equals("false"));
        String pcap = p != null && p.isString() && !noPcap ? p.asString() : null;
        List<String> args = new ArrayList<>();
        JsonNode a = root.get("args");
        if (a != null) {
            if (a.isArray()) {
                for (JsonNode x : a) {
                    words(text(x), args);
                }
            } else {
                words(text(a), args);
            }
        }
        JsonNode ec = root.get("exit-code");
        if (ec != null && !ec.canConvertToInt()) {
            throw new IllegalArgumentException("exit-code must be a number");
        }
        int exit = ec == null ? 0 : ec.asInt();
        List<Check> checks = new ArrayList<>();
        JsonNode cs = root.get("checks");
        if (cs != null) {
            if (!cs.isArray()) {
                throw new IllegalArgumentException("checks must be a list");
            }
            for (JsonNode c : cs) {
                if (!c.isObject()) {
                    throw new IllegalArgumentException("a check must be a mapping");
                }
                if (c.has("filter")) {
                    JsonNode f = c.get("filter");
                    Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
                    JsonNode match = f.get("match");
                    if (match != null && match.isObject()) {
                        for (Map.Entry<String, JsonNode> e : match.properties()) {
                            m.put(e.getKey(), e.getValue());
                        }
                    }
                    JsonNode count = f.get("count");
                    if (count == null || !count.canConvertToInt()) {
                        throw new IllegalArgumentException("a filter check needs a numeric count");
                    }
                    checks.add(new Check(count.asInt(), m, null, null));
                } else if (c.has("shell")) {
                    JsonNode s = c.get("shell");
                    checks.add(new Check(0, Map.of(), text(s.get("args")), text(s.get("expect"))));
                } else {
                    throw new IllegalArgumentException("unknown check " + c.propertyNames());
                }
            }
        }
        return new VerifyCase(pcap, noPcap, args, exit, checks);
    }

    /** A scalar's text, or a container's JSON (Jackson 3 refuses asString() on containers). */
    static String text(JsonNode n) {
        return n == null ? "" : n.isValueNode() ? n.asString() : n.toString();
    }

    private static void words(String s, List<String> out) {
        for (String w : s.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
    }

    /** The {@code --set} assignments among the arguments. */
    List<String> sets() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--set")) {
                out.add(args.get(i + 1));
            }
        }
        return out;
    }
}
