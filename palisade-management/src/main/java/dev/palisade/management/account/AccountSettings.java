package dev.palisade.management.account;

import java.util.ArrayList;
import java.util.List;

/**
 * The connection settings of "Configuring connection settings", with the specification's ranges:
 * credential validity 180-365 days, idle period 1-30 minutes, credential and certificate expiry
 * warnings 3-30 days ahead, 3-10 failed sign-in attempts, lockout 1-30 minutes. The defaults are
 * the specification's where it names one (idle 5 min, lockout 5 min) and otherwise the strictest
 * sensible value.
 */
public record AccountSettings(int credentialValidityDays, int idleMinutes, int credentialWarningDays,
        int certificateWarningDays, int maxFailedAttempts, int lockoutMinutes) {

    public static final AccountSettings DEFAULTS = new AccountSettings(180, 5, 14, 14, 5, 5);

    /** Field names (as in JSON) with the reason each is out of range; empty when valid. */
    public List<String[]> problems() {
        List<String[]> problems = new ArrayList<>();
        range(problems, "credentialValidityDays", credentialValidityDays, 180, 365);
        range(problems, "idleMinutes", idleMinutes, 1, 30);
        range(problems, "credentialWarningDays", credentialWarningDays, 3, 30);
        range(problems, "certificateWarningDays", certificateWarningDays, 3, 30);
        range(problems, "maxFailedAttempts", maxFailedAttempts, 3, 10);
        range(problems, "lockoutMinutes", lockoutMinutes, 1, 30);
        return problems;
    }

    private static void range(List<String[]> problems, String field, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(new String[] {field, "must be between " + min + " and " + max + " (was " + value + ")"});
        }
    }
}
