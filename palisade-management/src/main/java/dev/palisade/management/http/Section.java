package dev.palisade.management.http;

import dev.palisade.management.account.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * The sections of the web interface and who may use them, as in the specification's table
 * "Sections of the web interface available to the administrator and user". Every route belongs to
 * exactly one section, so the table is enforced for the API and the pages alike. Two entries are
 * not in the table: {@link #SIGN_IN} (reachable with a valid client certificate and no session)
 * and {@link #SESSION} (the caller's own session: status and sign-out, for both roles).
 * {@link #APPLICATIONS_VIEW} is the user's part of Applications ("only view lists").
 */
public enum Section {
    SIGN_IN(EnumSet.allOf(Role.class), false),
    /** Static files of the pages (style sheet, scripts) and the language switch: no session, nothing secret. */
    PUBLIC(EnumSet.allOf(Role.class), false),
    SESSION(EnumSet.allOf(Role.class), true),
    STATUS(EnumSet.allOf(Role.class), true),
    EVENTS(EnumSet.allOf(Role.class), true),
    AUDIT(EnumSet.of(Role.ADMINISTRATOR), true),
    USERS(EnumSet.of(Role.ADMINISTRATOR), true),
    APPLICATIONS(EnumSet.of(Role.ADMINISTRATOR), true),
    APPLICATIONS_VIEW(EnumSet.allOf(Role.class), true),
    NETWORK(EnumSet.of(Role.ADMINISTRATOR), true),
    SELF_DIAGNOSTICS(EnumSet.of(Role.ADMINISTRATOR), true),
    SETTINGS(EnumSet.of(Role.ADMINISTRATOR), true),
    ABOUT(EnumSet.allOf(Role.class), true);

    private final Set<Role> roles;
    private final boolean needsSession;

    Section(Set<Role> roles, boolean needsSession) {
        this.roles = Set.copyOf(roles);
        this.needsSession = needsSession;
    }

    public Set<Role> roles() {
        return roles;
    }

    public boolean needsSession() {
        return needsSession;
    }

    public boolean allows(Role role) {
        return roles.contains(role);
    }
}
