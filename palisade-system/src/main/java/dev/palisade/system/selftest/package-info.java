/**
 * The self-test: a list of {@link dev.palisade.system.selftest.SelfTestCheck}s (audit subsystem,
 * authentication, traffic blocking, industrial IPS) run by {@link dev.palisade.system.selftest.SelfTest},
 * which audits the run and each failed check and returns an immutable
 * {@link dev.palisade.system.selftest.SelfTestReport}. What a failure does to the gateway (emergency
 * support mode) belongs to {@code dev.palisade.system.mode}.
 */
package dev.palisade.system.selftest;
