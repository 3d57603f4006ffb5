package dev.palisade.management.web;

import dev.palisade.management.http.Section;
import java.util.function.BooleanSupplier;

/**
 * One entry a feature adds to the navigation: the page's path, the message key of its label, the
 * section that decides who sees it, and its place ({@code order}, ascending: the spec's order of
 * sections — Status 100, Events 200, Audit 300, Users 400, Applications 500, Network 600-699,
 * Self-diagnostics 700, Settings 800-899, About 900). {@code alarm} tells, each time a page is drawn,
 * whether the entry shows the spec's exclamation mark (a critical event, credentials or certificates
 * about to expire); it must be cheap and must not throw.
 */
public record NavEntry(String path, String key, Section section, int order, BooleanSupplier alarm) {

    /** An entry without an alarm mark. */
    public NavEntry(String path, String key, Section section, int order) {
        this(path, key, section, order, () -> false);
    }

    /** The same entry with {@code alarm} deciding its mark. */
    public NavEntry withAlarm(BooleanSupplier alarm) {
        return new NavEntry(path, key, section, order, alarm);
    }
}
