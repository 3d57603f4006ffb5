package dev.palisade.ips.rules;

/**
 * An {@code app-layer-protocol:[!]name} keyword: the flow's detected application protocol is
 * (or, {@code negated}, is not) {@code protocol}.
 */
public record AppProtocolMatch(String protocol, boolean negated) {
}
