package dev.palisade.management.web;

import dev.palisade.management.http.Section;
import dev.palisade.management.session.Session;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry a feature adds to the navigation: the page's path, the message key of its label, the
 * section that decides who sees it, and its place ({@code order}, ascending: the spec's order of
 * sections — Status 100, Events 200, Audit 300, Users 400, Applications 500, Network 600-699,
 * Self-diagnostics 700, Settings 800-899, About 900). An entry may carry a {@link Mark}: the
 * specification's alarm icon beside a section (critical events in Events and Audit, credentials
 * about to expire in Users).
 */
public record NavEntry(String path, String key, Section section, int order, Mark mark) {

    /**
     * Whether the entry is marked for the session viewing the page, and why: the message key of the
     * mark's explanation (shown as its tooltip), or empty. Asked on every page render, so it must be
     * cheap and must not throw.
     */
    @FunctionalInterface
    public interface Mark {

        /** Never marked. */
        Mark NONE = session -> Optional.empty();

        Optional<String> reason(Session session);
    }

    public NavEntry {
        Objects.requireNonNull(mark, "mark");
    }

    /** An entry without a mark. */
    public NavEntry(String path, String key, Section section, int order) {
        this(path, key, section, order, Mark.NONE);
    }

    /** The same entry with {@code mark} deciding its alarm mark. */
    public NavEntry withMark(Mark mark) {
        return new NavEntry(path, key, section, order, mark);
    }
}
