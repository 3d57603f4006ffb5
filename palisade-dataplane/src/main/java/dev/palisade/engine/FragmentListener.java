package dev.palisade.engine;

/**
 * Told the fate of fragments the engine held while their datagram was incomplete: once the
 * datagram is decided (whole, refused or timed out), each held fragment gets the datagram's
 * decision. The decision object is reused; copy what you keep.
 */
@FunctionalInterface
public interface FragmentListener {

    FragmentListener IGNORE = (tag, decision) -> { };

    void decided(long tag, Decision decision);
}
