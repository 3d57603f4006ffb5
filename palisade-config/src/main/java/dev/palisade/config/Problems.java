package dev.palisade.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors and warnings of one validation run. Validation never stops at the first
 * error; the number kept is capped so that a huge hostile document cannot produce a huge message.
 */
final class Problems {

    static final int MAX_ERRORS = 500;

    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();
    private int dropped;

    void error(String path, String reason) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new ConfigError(path, reason));
        } else {
            dropped++;
        }
    }

    void warning(String path, String reason) {
        if (warnings.size() < MAX_ERRORS) {
            warnings.add(new ConfigError(path, reason));
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size() + dropped;
    }

    List<ConfigError> errors() {
        if (dropped == 0) {
            return List.copyOf(errors);
        }
        List<ConfigError> all = new ArrayList<>(errors);
        all.add(new ConfigError("$", dropped + " more errors not listed"));
        return List.copyOf(all);
    }

    List<ConfigError> warnings() {
        return List.copyOf(warnings);
    }

    ConfigException exception() {
        return new ConfigException(errors());
    }
}
