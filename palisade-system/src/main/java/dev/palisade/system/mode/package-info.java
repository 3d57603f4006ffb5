/**
 * The gateway's operating modes: emergency support mode (entered on a self-test failure, an
 * integrity violation at start or a failure of the industrial IPS; persisted in the data directory
 * and re-entered after a restart while its cause remains; cleared by a restore) and the developer
 * and non-immune flags of {@code MODE_SWITCH}. {@link dev.palisade.system.mode.EmergencySupport}
 * owns the state and its transitions; {@link dev.palisade.system.mode.OperatingMode} is the
 * immutable view every page and the API show.
 */
package dev.palisade.system.mode;
