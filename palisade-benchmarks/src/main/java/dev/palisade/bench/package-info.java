/**
 * JMH benchmarks of the data plane and the tools that prepare their inputs: the benchmark
 * scenario ({@link dev.palisade.bench.BenchScenario}: configuration and mixed small-packet
 * traffic), the capture generator for {@code palisade replay}, and the memory footprint of the
 * connection table. Not tests: nothing here runs in {@code ./palisade test}. See
 * {@code docs/benchmarks.md} for the commands and the figures.
 */
package dev.palisade.bench;
