package dev.palisade.capture;

import java.io.IOException;

/**
 * A capture file that cannot be read because its bytes break the format: bad magic, a length
 * that does not fit, a reference to an undefined interface, or a file that ends in the middle
 * of a header or block. The message names the source and the byte offset of the offending
 * header or block so the file can be inspected with a hex dump; {@link #offset()} gives the
 * same offset to programs.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final long offset;

    /**
     * @param sourceName the file name or other label given when the reader was opened
     * @param offset the byte offset of the header or block at fault
     * @param detail what is wrong, without the source and offset
     */
    public CaptureFormatException(String sourceName, long offset, String detail) {
        super(sourceName + ": at offset " + offset + ": " + detail);
        this.sourceName = sourceName;
        this.offset = offset;
    }

    /** The label of the capture as given to {@link CaptureReader#open(java.io.InputStream, String)}. */
    public String sourceName() {
        return sourceName;
    }

    /** Byte offset, from the start of the input, of the header or block at fault. */
    public long offset() {
        return offset;
    }
}
