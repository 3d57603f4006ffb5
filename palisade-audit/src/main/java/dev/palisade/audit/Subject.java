package dev.palisade.audit;

import java.util.Objects;

/**
 * Who an audit event is about, as the catalog states it: the administrator, the administrator or
 * the user (whoever acted), or a system component ("System: TrafficController").
 */
public record Subject(Kind kind, String component) {

    /** The three kinds of subject. */
    public enum Kind {
        ADMINISTRATOR,
        ADMINISTRATOR_OR_USER,
        SYSTEM
    }

    public static final Subject ADMINISTRATOR = new Subject(Kind.ADMINISTRATOR, null);
    public static final Subject ADMINISTRATOR_OR_USER = new Subject(Kind.ADMINISTRATOR_OR_USER, null);

    public Subject {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.SYSTEM) != (component != null)) {
            throw new IllegalArgumentException("a component names the subject exactly when it is the system");
        }
    }

    public static Subject system(String component) {
        return new Subject(Kind.SYSTEM, component);
    }

    /** As the specification's tables write it. */
    public String label() {
        return switch (kind) {
            case ADMINISTRATOR -> "Administrator";
            case ADMINISTRATOR_OR_USER -> "Administrator or user";
            case SYSTEM -> "System: " + component;
        };
    }
}
