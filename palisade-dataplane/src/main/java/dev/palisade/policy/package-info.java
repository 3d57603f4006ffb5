/**
 * The policy: stages of the traffic-processing procedure ({@link dev.palisade.policy.Stage}),
 * verdicts, the compiled custom-rule classifier and address sets. Everything here is built once
 * per configuration and read-only afterwards, so one compiled policy serves many threads.
 */
package dev.palisade.policy;
