package dev.palisade.ips.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Turns the value of a {@code pcre} keyword into a {@link PcreMatch} compiled with RE2/J. PCRE
 * constructs that need backtracking (back-references, lookaround, atomic groups, possessive
 * quantifiers, recursion, conditionals) are refused with a reason, since RE2 keeps matching
 * linear in the input; so is an expression whose counted repetitions would expand beyond
 * {@link #MAX_EXPANDED_SIZE} instructions, which RE2/J would otherwise try to build in memory.
 */
final class PcreCompiler {

    /** Upper bound on the expression's size once counted repetitions are expanded. */
    static final long MAX_EXPANDED_SIZE = 20_000;

    /** What a compiled value becomes, or why the rule is skipped rather than refused. */
    record Compiled(PcreMatch match, String skipReason) {
    }

    private PcreCompiler() {
    }

    /**
     * @param value    the keyword value as written: {@code [!]"/regex/flags"}
     * @throws RuleSyntaxException with an offset into {@code value}
     */
    static Compiled compile(String value) throws RuleSyntaxException {
        int i = 0;
        boolean negated = false;
        if (value.startsWith("!")) {
            negated = true;
            i = 1;
            while (i < value.length() && value.charAt(i) == ' ') {
                i++;
            }
        }
        String quoted = value.substring(i);
        if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
            throw new RuleSyntaxException(i, "pcre must be double quoted: pcre:\"/regex/flags\"");
        }
        String inner = quoted.substring(1, quoted.length() - 1);
        int start = i + 1;
        if (inner.isEmpty() || inner.charAt(0) != '/') {
            throw new RuleSyntaxException(start, "pcre must be written /regex/flags");
        }
        int close = inner.lastIndexOf('/');
        if (close == 0) {
            throw new RuleSyntaxException(start, "pcre has no closing '/' (write /regex/flags)");
        }
        String regex = inner.substring(1, close);
        String flags = inner.substring(close + 1);
        int flagBits = 0;
        boolean relative = false;
        boolean anchored = false;
        boolean ungreedy = false;
        String skip = null;
        for (int f = 0; f < flags.length(); f++) {
            char c = flags.charAt(f);
            int at = start + close + 1 + f;
            switch (c) {
                case 'i' -> flagBits |= Pattern.CASE_INSENSITIVE;
                case 's' -> flagBits |= Pattern.DOTALL;
                case 'm' -> flagBits |= Pattern.MULTILINE;
                case 'R' -> relative = true;
                case 'A' -> anchored = true;
                case 'G' -> ungreedy = true;
                // E: RE2's '$' without 'm' already matches only at the very end. O: RE2 has no
                // match limits to override. B: Suricata's rawbytes, a no-op for Palisade.
                case 'E', 'O', 'B' -> { }
                case 'x' -> throw new RuleSyntaxException(at,
                        "pcre flag 'x' (extended syntax) is not supported: remove the whitespace and comments from the expression");
                case 'U', 'I', 'P', 'Q', 'H', 'D', 'M', 'C', 'S', 'Y', 'V', 'W', 'Z' -> {
                    if (skip == null) {
                        skip = "pcre flag '" + c + "' inspects an HTTP buffer, which Palisade does not inspect";
                    }
                }
                default -> throw new RuleSyntaxException(at, "unknown pcre flag '" + c + "' (Palisade knows i s m A E G R O B)");
            }
        }
        checkConstructs(regex, start + 1);
        long size = expandedSize(regex);
        if (size > MAX_EXPANDED_SIZE) {
            throw new RuleSyntaxException(start + 1, "pcre expression is too large once its counted repetitions are expanded (about "
                    + size + " steps, at most " + MAX_EXPANDED_SIZE + ")");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(ungreedy ? "(?U)" + regex : regex, flagBits);
        } catch (PatternSyntaxException e) {
            throw new RuleSyntaxException(start + 1, "pcre cannot be compiled by RE2 (linear-time matching): "
                    + e.getMessage().replace("error parsing regexp: ", "") + hint(e.getMessage()));
        } catch (RuntimeException e) {
            throw new RuleSyntaxException(start + 1, "pcre cannot be compiled by RE2: " + e.getMessage());
        }
        return new Compiled(new PcreMatch(inner, pattern, negated, relative, anchored), skip);
    }

    private static String hint(String message) {
        if (message.contains("\\Z")) {
            return " (use \\z, or $ without the m flag)";
        }
        if (message.contains("\\h")) {
            return " (use [ \\t])";
        }
        if (message.contains("\\e")) {
            return " (use \\x1b)";
        }
        return "";
    }

    /** Refuses what RE2 cannot do, with the name of the construct (RE2's own message is terse). */
    private static void checkConstructs(String r, int base) throws RuleSyntaxException {
        boolean inClass = false;
        for (int k = 0; k < r.length(); k++) {
            char c = r.charAt(k);
            if (c == '\\') {
                if (k + 1 < r.length()) {
                    char n = r.charAt(k + 1);
                    if (!inClass && n >= '1' && n <= '9') {
                        throw new RuleSyntaxException(base + k, "pcre back-reference \\" + n
                                + " is not supported: RE2 matches in linear time and cannot refer back to a group");
                    }
                    if (!inClass && (n == 'k' || n == 'g')) {
                        throw new RuleSyntaxException(base + k, "pcre back-reference \\" + n + " is not supported by RE2");
                    }
                }
                k++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                // a ']' right after '[' or '[^' is a literal
                if (k + 1 < r.length() && r.charAt(k + 1) == '^') {
                    k++;
                }
                if (k + 1 < r.length() && r.charAt(k + 1) == ']') {
                    k++;
                }
                continue;
            }
            if (c == '(' && r.startsWith("(?", k)) {
                String rest = r.substring(k + 2, Math.min(r.length(), k + 5));
                String what = null;
                if (rest.startsWith("=") || rest.startsWith("!")) {
                    what = "lookahead (?" + rest.charAt(0);
                } else if (rest.startsWith("<=") || rest.startsWith("<!")) {
                    what = "lookbehind (?" + rest.substring(0, 2);
                } else if (rest.startsWith(">")) {
                    what = "atomic group (?>";
                } else if (rest.startsWith("(")) {
                    what = "conditional group (?(";
                } else if (rest.startsWith("R") || (!rest.isEmpty() && Character.isDigit(rest.charAt(0)))) {
                    what = "recursion (?" + rest.charAt(0);
                } else if (rest.startsWith("P=") || rest.startsWith("P>")) {
                    what = "named back-reference (?" + rest.substring(0, 2);
                }
                if (what != null) {
                    throw new RuleSyntaxException(base + k, "pcre " + what
                            + ") is not supported: RE2 matches in linear time and cannot look around or backtrack");
                }
            }
            if ((c == '*' || c == '+' || c == '?' || c == '}') && k + 1 < r.length() && r.charAt(k + 1) == '+'
                    && (c != '+' || k == 0 || r.charAt(k - 1) != '\\')) {
                throw new RuleSyntaxException(base + k, "pcre possessive quantifier " + c + "+ is not supported by RE2"
                        + " (drop the '+'; RE2 never backtracks anyway)");
            }
        }
    }

    /**
     * An over-estimate of the instructions RE2/J builds: every atom counts one, a group the sum
     * of its alternatives, and a counted repetition {@code {m,n}} multiplies what it repeats.
     */
    static long expandedSize(String r) {
        long[] stackTotal = new long[r.length() + 2];
        long[] stackAlt = new long[r.length() + 2];
        int depth = 0;
        long total = 0;
        long alt = 0;
        long last = 0;
        for (int k = 0; k < r.length(); k++) {
            char c = r.charAt(k);
            switch (c) {
                case '\\' -> {
                    k++;
                    if (k < r.length() && (r.charAt(k) == 'x' || r.charAt(k) == 'p' || r.charAt(k) == 'P')
                            && k + 1 < r.length() && r.charAt(k + 1) == '{') {
                        int e = r.indexOf('}', k);
                        k = e < 0 ? r.length() : e;
                    }
                    last = 1;
                    alt += last;
                }
                case '[' -> {
                    int e = k + 1;
                    if (e < r.length() && r.charAt(e) == '^') {
                        e++;
                    }
                    if (e < r.length() && r.charAt(e) == ']') {
                        e++;
                    }
                    while (e < r.length() && r.charAt(e) != ']') {
                        if (r.charAt(e) == '\\') {
                            e++;
                        }
                        e++;
                    }
                    k = e;
                    last = 1;
                    alt += last;
                }
                case '(' -> {
                    stackTotal[depth] = total;
                    stackAlt[depth] = alt;
                    depth++;
                    total = 0;
                    alt = 0;
                    last = 0;
                }
                case ')' -> {
                    long group = sat(total + alt + 1);
                    if (depth > 0) {
                        depth--;
                        total = stackTotal[depth];
                        alt = stackAlt[depth];
                    }
                    last = group;
                    alt = sat(alt + group);
                }
                case '|' -> {
                    total = sat(total + alt);
                    alt = 0;
                    last = 0;
                }
                case '{' -> {
                    int e = r.indexOf('}', k);
                    if (e < 0) {
                        last = 1;
                        alt = sat(alt + 1);
                        continue;
                    }
                    long times = 1;
                    for (String part : r.substring(k + 1, e).split(",", -1)) {
                        String p = part.strip();
                        if (!p.isEmpty() && p.length() <= 9 && p.chars().allMatch(Character::isDigit)) {
                            times = Math.max(times, Long.parseLong(p) + 1);
                        }
                    }
                    long repeated = mul(last, times);
                    alt = sat(alt - last + repeated);
                    last = repeated;
                    k = e;
                }
                default -> {
                    last = 1;
                    alt = sat(alt + 1);
                }
            }
        }
        while (depth > 0) {
            depth--;
            long group = sat(total + alt + 1);
            total = stackTotal[depth];
            alt = sat(stackAlt[depth] + group);
        }
        return sat(total + alt);
    }

    private static long mul(long a, long b) {
        return a != 0 && b > (Long.MAX_VALUE / 4) / a ? Long.MAX_VALUE / 4 : a * b;
    }

    private static long sat(long v) {
        return v < 0 || v > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : v;
    }
}
