/**
 * The Network section of the management service (administrator only): LAN, WAN and masquerading,
 * static routes with their applied state, application-protocol filtering, port forwarding, and the
 * Network Protector's allow- and denylists. {@link dev.palisade.management.network.NetworkFeature}
 * plugs the API operations ({@code /api/network/...}) and the pages ({@code /network/...}) into the
 * service; every change is validated by the configuration model and applied through
 * {@code FeatureContext.commit}. {@link dev.palisade.management.network.RouteStates} is what the
 * runner implements to report the routes the live data plane applied.
 */
package dev.palisade.management.network;
