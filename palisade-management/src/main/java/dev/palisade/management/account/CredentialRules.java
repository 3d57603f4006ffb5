package dev.palisade.management.account;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The specification's rules for account names and passwords ("Updating account credentials"): a
 * name of English letters, digits and {@code @._-} (1-64 characters here); a password of eight or
 * more distinct characters (at most 128 characters, so hashing cost stays bounded). The rule "no
 * match with previously used passwords" needs the stored hashes and is checked by {@link Accounts}.
 */
public final class CredentialRules {

    public static final int MIN_DISTINCT_PASSWORD_CHARACTERS = 8;
    public static final int MAX_PASSWORD_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9@._-]{1," + MAX_NAME_LENGTH + "}");

    private CredentialRules() {
    }

    /** Why {@code name} is not acceptable, or empty. */
    public static Optional<String> checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of("the name must be 1 to " + MAX_NAME_LENGTH + " characters of English letters, digits and @ . _ -");
        }
        return Optional.empty();
    }

    /** Why {@code password} is not acceptable, or empty. */
    public static Optional<String> checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("the password is empty");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.of("the password is longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        long distinct = password.codePoints().distinct().count();
        if (distinct < MIN_DISTINCT_PASSWORD_CHARACTERS) {
            return Optional.of("the password must contain at least " + MIN_DISTINCT_PASSWORD_CHARACTERS
                    + " different characters (it has " + distinct + ")");
        }
        return Optional.empty();
    }
}
