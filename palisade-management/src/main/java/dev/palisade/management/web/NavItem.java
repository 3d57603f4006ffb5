package dev.palisade.management.web;

/** One entry of the navigation: the page's path, its label, whether it is the page shown and whether it shows the alarm mark. */
public record NavItem(String path, String label, boolean active, boolean alarm) {

    public NavItem(String path, String label, boolean active) {
        this(path, label, active, false);
    }
}
