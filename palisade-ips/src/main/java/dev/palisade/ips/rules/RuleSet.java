package dev.palisade.ips.rules;

import java.util.List;

/**
 * What parsing one or more rule files gave: the rules Palisade enforces, the valid rules it
 * skips (with why), every diagnostic in file order, and how many rules were refused with errors.
 * A rule text is always accounted for: it is in {@link #rules()}, in {@link #skipped()}, or has
 * at least one error in {@link #diagnostics()}. Immutable.
 */
public record RuleSet(List<Rule> rules, List<SkippedRule> skipped, List<Diagnostic> diagnostics, int rejected) {

    public RuleSet {
        rules = List.copyOf(rules);
        skipped = List.copyOf(skipped);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return rejected > 0 || diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** One line: "12 rules loaded, 3 skipped, 1 with errors". */
    public String summary() {
        return rules.size() + " rules loaded, " + skipped.size() + " skipped, " + rejected + " with errors";
    }
}
