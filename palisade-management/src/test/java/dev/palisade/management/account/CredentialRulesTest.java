package dev.palisade.management.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The specification's name and password rules. */
class CredentialRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"admin", "A.b_c-d@e", "0", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void namesOfEnglishLettersDigitsAndFourSymbolsAreAccepted(String name) {
        assertThat(CredentialRules.checkName(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ad min", "админ", "a/b", "a+b", "a\u0000", "\u00e9"})
    void otherNamesAreRefused(String name) {
        assertThat(CredentialRules.checkName(name)).isPresent();
        assertThat(CredentialRules.checkName("x".repeat(65))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefgh", "Str0ng.Pass", "пароль12"})
    void eightDistinctCharactersAreEnough(String password) {
        assertThat(CredentialRules.checkPassword(password)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "adminadmin", "abcdefgabcdefg", "aaaaaaaaaaaaaaaaaaaa"})
    void fewerDistinctCharactersAreRefused(String password) {
        assertThat(CredentialRules.checkPassword(password)).isPresent();
        assertThat(CredentialRules.checkPassword("abcdefgh".repeat(17))).hasValueSatisfying(r -> assertThat(r).contains("longer"));
    }
}
