package dev.palisade.config.model;

/**
 * One entry of {@code APPLICATIONS.APPS_CONTROL.applications}. {@code configured} is false and
 * {@code state} 4 (stopped) when the entry does not say; {@code name} falls back to the package id.
 */
public record InstalledApplication(
        String packageId,
        String name,
        boolean configured,
        boolean execute,
        int state) {
}
