package dev.palisade.ips.rules;

/**
 * A fault in one part of a rule, positioned by its offset in the text being parsed. Thrown only
 * inside the parser and always turned into a {@link Diagnostic}; it never leaves the package.
 */
final class RuleSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Offset in the text handed to the part parser that failed. */
    final int offset;

    RuleSyntaxException(int offset, String message) {
        super(message, null, false, false);
        this.offset = offset;
    }
}
