package dev.palisade.management.web;

import java.util.List;

/**
 * What the layout needs on every page: the texts, the page title, the navigation the role may see
 * (one entry per section) and the tabs of the open section when it has several pages, the account
 * and mode names, the CSRF token for forms (empty without a session) and the path of the page (for
 * the language switch to return to).
 */
public record Page(Messages m, String title, List<NavItem> nav, List<NavItem> tabs, String account, String mode, String csrf,
        String path) {

    public Page {
        nav = List.copyOf(nav);
        tabs = List.copyOf(tabs);
    }

    /** A page without section tabs. */
    public Page(Messages m, String title, List<NavItem> nav, String account, String mode, String csrf, String path) {
        this(m, title, nav, List.of(), account, mode, csrf, path);
    }

    /** The same page with {@code tabs} under the navigation. */
    public Page withTabs(List<NavItem> tabs) {
        return new Page(m, title, nav, tabs, account, mode, csrf, path);
    }

    public boolean signedIn() {
        return !account.isEmpty();
    }

    /** The language switch link to the other language. */
    public String otherLanguageLink() {
        return "/lang?to=" + (m.lang().equals("ru") ? "en" : "ru") + "&back=" + java.net.URLEncoder.encode(path,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    public String otherLanguageLabel() {
        return m.lang().equals("ru") ? "English" : "Русский";
    }
}
