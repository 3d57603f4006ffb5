package dev.palisade.ips.rules;

import java.util.Objects;

/**
 * One finding of the rule parser, positioned in the rule file: an {@link Level#ERROR} means the
 * rule was refused (malformed, or asking for something that cannot be honoured); a
 * {@link Level#WARNING} means the rule is valid Suricata but Palisade skips it (a protocol or
 * keyword it does not inspect) or accepted it with a caveat. Lines and columns count from 1; the
 * column is that of the keyword or value at fault, in the physical line where it was written.
 */
public record Diagnostic(String file, int line, int column, Level level, String reason) {

    /** How bad a finding is. */
    public enum Level {
        /** The rule is not loaded. */
        ERROR,
        /** The rule is skipped or loaded with a caveat. */
        WARNING;

        /** "error" or "warning", as compilers print it. */
        public String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(reason, "reason");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column count from 1: " + line + ":" + column);
        }
    }

    public boolean isError() {
        return level == Level.ERROR;
    }

    /** {@code file:line:column: error|warning: reason}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + level.label() + ": " + reason;
    }
}
