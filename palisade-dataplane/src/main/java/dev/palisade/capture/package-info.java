/**
 * Capture files: reading classic pcap and pcapng into a reusable {@link
 * dev.palisade.capture.CapturedFrame}, and writing pcapng and pcap atomically.
 *
 * <p>This package owns the on-disk capture formats and nothing above them: it hands out raw
 * link-layer frames with their interface and a nanosecond timestamp, and never interprets the
 * frame contents. Every length read from a file is checked against the block or record that
 * contains it and against a configured maximum before anything is read or allocated, so a
 * hostile or truncated file ends in a {@link dev.palisade.capture.CaptureFormatException} that
 * names the file offset, never in another exception, an unbounded allocation or a loop.
 *
 * <p>Formats follow draft-ietf-opsawg-pcapng and draft-ietf-opsawg-pcap. Readers and writers are
 * single-threaded objects.
 */
package dev.palisade.capture;
