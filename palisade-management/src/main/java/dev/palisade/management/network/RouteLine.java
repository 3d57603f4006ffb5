package dev.palisade.management.network;

/**
 * One static route as the routing table page shows it: the document's values and the state in the
 * system ({@code active}, {@code failed}, {@code pending} or {@code not-applied}) with its reason.
 */
public record RouteLine(int index, String action, String address, String mask, String gateway, String state, String reason) {
}
