/**
 * The Network Protector's rule language: Suricata-format rules parsed by {@link
 * dev.palisade.ips.rules.RuleParser} into an immutable {@link dev.palisade.ips.rules.RuleSet} of
 * {@link dev.palisade.ips.rules.Rule}s, skipped rules and positioned diagnostics. Owns the generic
 * language (header, groups, variables, meta keywords, flow, content, pcre, byte keywords,
 * thresholds); protocol engines contribute their keywords through {@link
 * dev.palisade.ips.rules.ProtocolKeywords}. docs/ips-rules.md describes the language and its
 * differences from Suricata.
 */
package dev.palisade.ips.rules;
