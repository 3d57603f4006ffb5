package dev.palisade.system.selftest;

/**
 * One diagnosis of a security function. {@link #run()} must not change the running gateway's
 * state (no packet into the live engine, no record beyond the audit test message) and should
 * not throw: an exception is reported by {@link SelfTest} as a failed check with its message.
 * The industrial IPS and the management service's authentication plug in as further checks.
 */
public interface SelfTestCheck {

    /** Short name shown in the report ("audit", "traffic blocking", ...). */
    String name();

    /** Runs the check. */
    CheckOutcome run();
}
