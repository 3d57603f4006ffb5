/**
 * Kernel routes from the configuration's {@code NETWORK.ROUTING_TABLE}: {@link
 * dev.palisade.live.route.KernelRoutes} adds them with {@code ip route}, reports each one's
 * state (active, or error with the reason) and removes the routes it added on change and stop.
 */
package dev.palisade.live.route;
