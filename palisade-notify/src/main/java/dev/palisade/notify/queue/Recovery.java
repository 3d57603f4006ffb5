package dev.palisade.notify.queue;

/**
 * What opening a queue found on disk.
 *
 * @param pending        records waiting for delivery
 * @param corruptRegions damaged stretches skipped in segment files (never delivered)
 * @param corruptBytes   bytes in those stretches
 * @param headDamaged    the head pointer was unreadable, so delivery restarts from the oldest
 *                       intact record (records may be delivered twice, none is lost)
 */
public record Recovery(int pending, int corruptRegions, long corruptBytes, boolean headDamaged) {
}
