package dev.palisade.live.nft;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.InstalledApplication;
import dev.palisade.policy.Policy;
import dev.palisade.policy.PolicySettings;
import java.util.List;

/**
 * Which transit flows the kernel must hand to the Java inspector, as a function of the
 * configuration alone:
 *
 * <ul>
 *   <li>every transit TCP flow (both directions, until the inspector marks it) while any
 *       application protocol is blocked ({@code NETWORK.APP_PROTO}): detection needs the first
 *       payload bytes of each side;
 *   <li>otherwise TCP flows from or to the industrial ports {@link #INDUSTRIAL_PORTS} (Modbus/TCP
 *       502, MQTT 1883) while the industrial IPS is installed, configured, allowed to run and
 *       running. An IPS installed but not running blocks transit at {@code ips-stopped}, so there is
 *       nothing to inspect.
 * </ul>
 *
 * Nothing transits a unidirectional gateway, so its scope is always empty.
 *
 * @param allTransitTcp queue every transit TCP flow
 * @param industrialPorts TCP ports whose transit flows are queued (either end), when not all are
 */
public record InspectionScope(boolean allTransitTcp, List<Integer> industrialPorts) {

    /** Modbus/TCP and MQTT. */
    public static final List<Integer> INDUSTRIAL_PORTS = List.of(502, 1883);

    public static final InspectionScope NONE = new InspectionScope(false, List.of());

    public InspectionScope {
        industrialPorts = List.copyOf(industrialPorts);
    }

    /** The scope of a configuration with the policy facts of {@code settings}. */
    public static InspectionScope of(GatewayConfig config, PolicySettings settings) {
        if (!config.routerMode()) {
            return NONE;
        }
        if (!config.network().filteredProtocols().isEmpty()) {
            return new InspectionScope(true, List.of());
        }
        boolean ipsInspects = config.application(Policy.NETWORK_PROTECTOR_PACKAGE)
                .map(InstalledApplication::configured).orElse(false)
                && config.application(Policy.NETWORK_PROTECTOR_PACKAGE).map(InstalledApplication::execute).orElse(false)
                && settings.ipsRunning();
        return ipsInspects ? new InspectionScope(false, INDUSTRIAL_PORTS) : NONE;
    }

    /** True when some flow goes to the inspector. */
    public boolean any() {
        return allTransitTcp || !industrialPorts.isEmpty();
    }
}
