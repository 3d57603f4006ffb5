package dev.palisade.packet;

/** How a frame starts: with an Ethernet header, or directly with the IP header (raw IP links). */
public enum LinkLayer {
    ETHERNET,
    RAW_IP
}
