/**
 * TCP stream reassembly for content inspectors (application-protocol detection, the industrial
 * IPS): the {@link dev.palisade.stream.StreamReassembler} turns the payloads of a flow's segments
 * into an ordered byte stream per direction, delivered to a
 * {@link dev.palisade.stream.StreamConsumer}, so that a message split across segments is seen
 * whole. It owns the out-of-order buffers (one preallocated pool, bounded per direction and in
 * total), the first-wins overlap policy and the counters that show when a bound bites. Flows are
 * identified by the connection ids of {@link dev.palisade.conntrack.ConnectionTable}; TCP state,
 * sequence-window validation and the decision what to do with a packet stay with the caller.
 * Owned by one thread.
 */
package dev.palisade.stream;
