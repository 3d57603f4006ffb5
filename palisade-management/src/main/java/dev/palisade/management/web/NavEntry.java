package dev.palisade.management.web;

import dev.palisade.management.http.Section;

/**
 * One entry a feature adds to the navigation: the page's path, the message key of its label, the
 * section that decides who sees it, and its place ({@code order}, ascending: the spec's order of
 * sections — Status 100, Events 200, Audit 300, Users 400, Applications 500, Network 600-699,
 * Self-diagnostics 700, Settings 800-899, About 900).
 */
public record NavEntry(String path, String key, Section section, int order) {
}
