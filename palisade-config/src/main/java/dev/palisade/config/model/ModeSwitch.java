package dev.palisade.config.model;

/** {@code MODE_SWITCH}: device type (router or unidirectional gateway) and the special modes. */
public record ModeSwitch(boolean routerMode, boolean developerMode, boolean noSecureMode) {
}
