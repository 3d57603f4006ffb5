package dev.palisade.live.nft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Hit counters of Palisade's table as the kernel keeps them, read from
 * {@code nft -j list table inet palisade} and keyed by rule comment. Several rules may share a
 * comment (e.g. the two directions of a rule); their counters add up. Rules that only enter a
 * stage ({@code enter:...}) count packets reaching that stage, not decisions.
 */
public final class RuleCounters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RuleCounter> rules;

    RuleCounters(List<RuleCounter> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses nft's JSON listing. Rules without a counter or comment are skipped (Palisade writes
     * none); throws {@link KernelCommandException} when the text is not nft's JSON.
     */
    public static RuleCounters parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new KernelCommandException("nft -j printed something that is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode items = root.path("nftables");
        if (!items.isArray()) {
            throw new KernelCommandException("nft -j printed JSON without an \"nftables\" array");
        }
        List<RuleCounter> counters = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode rule = item.path("rule");
            if (!rule.isObject() || !rule.path("comment").isString()) {
                continue;
            }
            for (JsonNode expr : rule.path("expr")) {
                JsonNode counter = expr.path("counter");
                if (counter.isObject()) {
                    counters.add(new RuleCounter(rule.path("chain").asString(""), rule.path("comment").asString(),
                            counter.path("packets").asLong(0), counter.path("bytes").asLong(0)));
                    break;
                }
            }
        }
        return new RuleCounters(counters);
    }

    /** Every counted rule, in the kernel's listing order. */
    public List<RuleCounter> rules() {
        return rules;
    }

    /** Packets counted by the rules with this exact comment (0 when none has it). */
    public long packets(String comment) {
        long sum = 0;
        for (RuleCounter r : rules) {
            if (r.comment().equals(comment)) {
                sum += r.packets();
            }
        }
        return sum;
    }

    /** Packets decided at each stage (comment prefix before ':'), leaving out the {@code enter:} rules. */
    public Map<String, Long> packetsByStage() {
        Map<String, Long> byStage = new LinkedHashMap<>();
        for (RuleCounter r : rules) {
            if (!r.comment().startsWith("enter:")) {
                byStage.merge(r.stage(), r.packets(), Long::sum);
            }
        }
        return byStage;
    }

    /** Packets per comment, summed over rules that share one. */
    public Map<String, Long> packetsByComment() {
        Map<String, Long> byComment = new LinkedHashMap<>();
        for (RuleCounter r : rules) {
            byComment.merge(r.comment(), r.packets(), Long::sum);
        }
        return byComment;
    }
}
