package dev.palisade.ips.rules;

/**
 * The {@code flow} keyword: which side sent the packet, the connection state, and whether
 * reassembled stream data or single packets are inspected. {@link #ANY} when the rule has none.
 */
public record FlowOptions(Side side, State state, Stream stream, Fragments fragments) {

    /** No flow condition. */
    public static final FlowOptions ANY = new FlowOptions(Side.ANY, State.ANY, Stream.ANY, Fragments.ANY);

    /** {@code to_server}/{@code from_client} or {@code to_client}/{@code from_server}. */
    public enum Side { ANY, TO_SERVER, TO_CLIENT }

    /** {@code established}, {@code not_established}, {@code stateless}. */
    public enum State { ANY, ESTABLISHED, NOT_ESTABLISHED, STATELESS }

    /** {@code only_stream}, {@code no_stream}. */
    public enum Stream { ANY, ONLY_STREAM, NO_STREAM }

    /** {@code only_frag}, {@code no_frag}. */
    public enum Fragments { ANY, ONLY_FRAG, NO_FRAG }
}
