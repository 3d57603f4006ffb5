package dev.palisade.capture;

/**
 * The container format of a capture file, detected from its first four bytes: classic libpcap
 * ({@code PCAP}, one link type for the whole file) or pcapng ({@code PCAPNG}, sections with any
 * number of named interfaces).
 */
public enum CaptureFormat {
    PCAP,
    PCAPNG
}
