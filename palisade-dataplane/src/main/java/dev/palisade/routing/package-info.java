/**
 * Route selection: connected LAN and WAN subnets, the WAN default gateway and the static routes
 * of {@code ROUTING_TABLE}, looked up by longest-prefix match.
 */
package dev.palisade.routing;
