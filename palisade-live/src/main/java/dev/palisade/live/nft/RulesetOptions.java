package dev.palisade.live.nft;

import dev.palisade.policy.PolicySettings;
import java.util.regex.Pattern;

/**
 * What the ruleset needs besides the configuration document: the kernel names of the LAN and
 * WAN interfaces, whether emergency support mode is on, the policy facts of
 * {@link PolicySettings} (web service port, Syslog port, IPS running) and how to queue flows for
 * inspection. Interface names are checked here because they are written into the nft text.
 *
 * @param lanInterface kernel name of the LAN interface
 * @param wanInterface kernel name of the WAN interface
 * @param emergency emergency support mode at load time (flipped later without a reload)
 * @param settings facts the engine's policy takes from outside the document
 * @param queue how flows needing inspection are queued
 */
public record RulesetOptions(String lanInterface, String wanInterface, boolean emergency, PolicySettings settings,
                             QueueOptions queue) {

    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    public RulesetOptions {
        checkInterface("LAN", lanInterface);
        checkInterface("WAN", wanInterface);
        if (lanInterface.equals(wanInterface)) {
            throw new IllegalArgumentException("the LAN and WAN interfaces must differ (both are '" + lanInterface + "')");
        }
        if (settings == null || queue == null) {
            throw new IllegalArgumentException("policy settings and queue options are required");
        }
    }

    /** Not in emergency mode, the policy's default settings, one fail-closed queue through iptables-nft. */
    public static RulesetOptions of(String lanInterface, String wanInterface) {
        return new RulesetOptions(lanInterface, wanInterface, false, PolicySettings.DEFAULTS, QueueOptions.defaults());
    }

    public RulesetOptions withEmergency(boolean on) {
        return new RulesetOptions(lanInterface, wanInterface, on, settings, queue);
    }

    public RulesetOptions withSettings(PolicySettings other) {
        return new RulesetOptions(lanInterface, wanInterface, emergency, other, queue);
    }

    public RulesetOptions withQueue(QueueOptions other) {
        return new RulesetOptions(lanInterface, wanInterface, emergency, settings, other);
    }

    private static void checkInterface(String side, String name) {
        if (name == null || !INTERFACE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(side + " interface name '" + name
                    + "' is not a Linux interface name (1-15 of A-Z a-z 0-9 _ . -)");
        }
    }
}
