/**
 * The Network Protector inside the gateway: adapts the {@link dev.palisade.ips.detect.Protector}
 * to the traffic engine's {@link dev.palisade.engine.TransitInspector} hook, built from the
 * configuration's two base64 rule lists, with the lifecycle the specification gives (not
 * started on bad rules, reloaded without losing flow state).
 */
package dev.palisade.ips.gateway;
