package dev.palisade.management.settings;

/**
 * One notification destination's delivery state as the Notifications tab shows it: its name
 * ({@code syslog+tcp://192.0.2.10:514}), whether connected, records waiting, delivered and dropped
 * since start, and the last error (never a secret).
 */
public record DeliveryState(String destination, boolean connected, int pending, long delivered, long dropped, String lastError) {
}
