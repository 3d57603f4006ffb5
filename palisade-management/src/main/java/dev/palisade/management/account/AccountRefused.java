package dev.palisade.management.account;

/**
 * A credential or settings change that breaks a rule; {@code field} names the request field (as in
 * the JSON body) the reason is about.
 */
public final class AccountRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public AccountRefused(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
