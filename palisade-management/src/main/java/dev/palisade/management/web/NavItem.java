package dev.palisade.management.web;

/**
 * One entry of the navigation: the page's path, its label, whether it is the page shown, and the
 * explanation of its alarm mark (empty when not marked).
 */
public record NavItem(String path, String label, boolean active, String mark) {

    /** An entry without a mark. */
    public NavItem(String path, String label, boolean active) {
        this(path, label, active, "");
    }

    public boolean marked() {
        return !mark.isEmpty();
    }
}
