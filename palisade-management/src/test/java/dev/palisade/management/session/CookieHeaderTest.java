package dev.palisade.management.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Finding the session cookie in Cookie headers as browsers send them, and ignoring anything odd. */
class CookieHeaderTest {

    static final String NAME = "__Host-palisade-session";

    @Test
    void findsTheNamedCookieAmongOthers() {
        assertThat(CookieHeader.value(NAME + "=abc_-9", NAME)).hasValue("abc_-9");
        assertThat(CookieHeader.value("lang=ru; " + NAME + "=abc; x=y", NAME)).hasValue("abc");
        assertThat(CookieHeader.value("lang=ru;" + NAME + "=\"abc\"", NAME)).hasValue("abc");
        assertThat(CookieHeader.value(NAME + "=first; " + NAME + "=second", NAME)).hasValue("first");
    }

    @Test
    void ignoresLookalikesAndMalformedValues() {
        assertThat(CookieHeader.value("x" + NAME + "=abc", NAME)).isEmpty();
        assertThat(CookieHeader.value(NAME + "x=abc", NAME)).isEmpty();
        assertThat(CookieHeader.value(NAME + "=a b", NAME)).isEmpty();
        assertThat(CookieHeader.value(NAME + "=a%20b", NAME)).isEmpty();
        assertThat(CookieHeader.value(NAME + "=", NAME)).isEmpty();
        assertThat(CookieHeader.value(NAME + "=" + "a".repeat(129), NAME)).isEmpty();
        assertThat(CookieHeader.value(null, NAME)).isEmpty();
        assertThat(CookieHeader.value(";;;=;" + NAME, NAME)).isEmpty();
        assertThat(CookieHeader.value("a=b; ".repeat(2000) + NAME + "=abc", NAME)).isEmpty();
    }
}
