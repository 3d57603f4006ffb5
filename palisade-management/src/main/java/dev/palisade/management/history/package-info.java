/**
 * The stored configuration document and its version history: every accepted document is kept as
 * a numbered version (list, diff, roll back), applied to the running gateway through {@link
 * dev.palisade.management.history.ConfigurationTarget} and written atomically.
 */
package dev.palisade.management.history;
