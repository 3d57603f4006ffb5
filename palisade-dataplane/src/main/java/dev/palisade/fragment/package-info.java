/**
 * IPv4 fragment reassembly before policy, with bounded memory and time: a fixed number of
 * datagrams in progress, a byte budget, a timeout, and refusal of overlapping or oversized
 * fragments (the raw material of evasion attacks).
 */
package dev.palisade.fragment;
