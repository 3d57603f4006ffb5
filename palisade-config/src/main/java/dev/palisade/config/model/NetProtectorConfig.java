package dev.palisade.config.model;

import java.util.Optional;

/**
 * The {@code APP_CONFIGURATION} of the industrial IPS: its two rule lists, decoded from Base64 to
 * text. A list is empty when its key is absent or {@code ""} (the spec lets one of them be turned
 * off that way). Parsing the rules themselves is the IPS's business.
 */
public record NetProtectorConfig(Optional<String> commandsRules, Optional<String> anomalyRules) {

    /** Whether at least one rule list is given; without one the IPS cannot run. */
    public boolean hasRules() {
        return commandsRules.isPresent() || anomalyRules.isPresent();
    }
}
