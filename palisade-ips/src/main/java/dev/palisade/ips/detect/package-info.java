/**
 * The Network Protector as a whole: the rule matcher ({@link dev.palisade.ips.detect.CompiledRules},
 * {@link dev.palisade.ips.detect.Matcher}: port and protocol buckets, an Aho-Corasick fast-pattern
 * prefilter, full evaluation of the candidates) and the per-flow glue
 * ({@link dev.palisade.ips.detect.Protector}: flows, TCP reassembly, the Modbus and MQTT engines,
 * one {@link dev.palisade.ips.detect.Inspection} per packet). docs/ips.md describes how the parts fit.
 */
package dev.palisade.ips.detect;
