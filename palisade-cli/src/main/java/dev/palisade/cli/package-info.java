/**
 * The {@code palisade} command line: {@code run} (the gateway on embedded defaults),
 * {@code replay} (captures through the traffic engine), {@code config} (check and print
 * configuration documents). The only place that writes to standard output.
 */
package dev.palisade.cli;
