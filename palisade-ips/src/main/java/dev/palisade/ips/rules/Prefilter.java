package dev.palisade.ips.rules;

/**
 * The content of a rule the matcher's prefilter looks for, and the buffer it is in: the explicit
 * {@code fast_pattern} if the rule has one, otherwise its longest non-negated content (the first
 * of equally long ones). A rule whose prefilter pattern is absent from a buffer cannot match it.
 */
public record Prefilter(Buffer buffer, ContentMatch content) {

    /** The bytes to look for (the {@code fast_pattern:offset,length} slice, else the whole content). */
    public byte[] bytes() {
        return content.prefilterBytes();
    }
}
