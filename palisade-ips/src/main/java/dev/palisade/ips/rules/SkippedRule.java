package dev.palisade.ips.rules;

/**
 * A valid Suricata rule that Palisade does not enforce, because it needs a protocol or keyword
 * Palisade does not inspect ({@code http}, {@code flowbits}, {@code decode-event}...). Each one
 * also has a {@link Diagnostic.Level#WARNING} in the rule set's diagnostics.
 */
public record SkippedRule(String file, int line, long gid, long sid, String msg, String reason) {
}
