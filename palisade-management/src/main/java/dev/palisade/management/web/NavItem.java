package dev.palisade.management.web;

/** One entry of the navigation: the page's path, its label and whether it is the page shown. */
public record NavItem(String path, String label, boolean active) {
}
