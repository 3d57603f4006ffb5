package dev.palisade.management.network;

/** One allow- or denylist entry as the tables show it (time and signature only for the denylist). */
public record ListLine(int index, String address, String time, String signature) {
}
