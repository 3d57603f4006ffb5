/**
 * The traffic engine: runs each frame through parsing, reassembly, connection tracking, the
 * stages of the processing procedure for the device type, NAT and routing, and emits what the
 * gateway sends. The narrow interface the management plane uses: {@link
 * dev.palisade.engine.TrafficEngine#apply apply a configuration}, {@link
 * dev.palisade.engine.TrafficEngine#counters read counters}.
 */
package dev.palisade.engine;
