package dev.palisade.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration document was refused. It carries every problem found, not only the first, so
 * an operator can fix a document in one pass; the message lists them one per line as
 * {@code path: reason}.
 */
public final class ConfigException extends Exception {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(message(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String path, String reason) {
        this(List.of(new ConfigError(path, reason)));
    }

    /** The problems found, in document order as far as validation allows. Never empty. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String message(List<ConfigError> errors) {
        return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    }
}
