package dev.palisade.config.model;

/** One entry of {@code APPLICATIONS.APPS_CONTROL.applications}. */
public record InstalledApplication(
        String packageId,
        String name,
        boolean configured,
        boolean execute,
        int state) {
}
