package dev.palisade.config;

import java.util.Objects;

/**
 * One problem found in a configuration document: where it is, as a JSON path such as
 * {@code $.NETWORK.FIREWALL.rules[3].portDest} (keys that are not plain identifiers are written
 * {@code $['palisade.netprotector']}), and why the value was refused, in words an operator can act
 * on.
 */
public record ConfigError(String path, String reason) {

    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
