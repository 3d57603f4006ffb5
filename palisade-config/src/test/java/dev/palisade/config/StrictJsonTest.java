package dev.palisade.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.config.model.LanConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is refused before validation even starts: broken JSON, duplicates, wrong root, size, depth. */
class StrictJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | $     | empty
            '   '                       | $     | empty
            '[]'                        | $     | must be a JSON object, found an array
            '"text"'                    | $     | must be a JSON object, found a string
            '42'                        | $     | must be a JSON object, found a number
            'null'                      | $     | must be a JSON object, found null
            '{'                         | $     | not valid JSON
            '{"a": 1,}'                 | $.a   | not valid JSON at line 1, column 9
            '{"a": tru}'                | $.a   | not valid JSON at line 1
            '{''a'': 1}'                | $     | not valid JSON
            '{"a": NaN}'                | $.a   | not valid JSON
            '{"a": 1} {"b": 2}'         | $     | unexpected content after the document
            '{"a": 1} x'                | $     | not valid JSON
            '{"a": 1, "a": 2}'          | $.a   | duplicate key
            '{"N": {"x": 1, "x": 1}}'   | $.N.x | duplicate key
            '{"a.b": 1, "a.b": 1}'      | $['a.b'] | duplicate key
            '{"a": 01}'                 | $.a   | not valid JSON
            '{"N": {"r": [{"a": 1}, {"b": 2 "c": 3}]}}' | $.N.r[1].b | not valid JSON at line 1
            '{"N": {"r": [1, 2 3]}}'    | $.N.r[2] | was expecting comma
            """)
    void refuses(String json, String path, String reason) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(json));
        assertThat(e).isNotNull();
        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.reason()).contains(reason);
        });
    }

    @Test
    void reportsEveryDuplicateKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigDocument.parse("{\"a\": 1, \"a\": 2, \"b\": {\"c\": [{\"d\": 1, \"d\": 2}]}}"));
        assertThat(e.errors()).extracting(ConfigError::path).containsExactly("$.a", "$.b.c[0].d");
    }

    @Test
    void boundsNesting() throws ConfigException {
        String deep = "{\"x\": " + "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH) + "}";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(deep));
        assertThat(e.errors().getFirst().reason()).contains("nesting is deeper than 64 levels");
        String fits = "{\"x\": " + "[".repeat(StrictJson.MAX_DEPTH - 1) + "]".repeat(StrictJson.MAX_DEPTH - 1) + "}";
        ConfigDocument.parse(fits);
    }

    @Test
    void boundsSize() {
        String big = "{\"x\": \"" + "a".repeat(StrictJson.MAX_DOCUMENT_CHARS) + "\"}";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(big));
        assertThat(e.errors().getFirst().reason()).contains("larger than");
    }

    @Test
    void boundsTokenCount() {
        String many = "{\"x\": [" + "0,".repeat((int) StrictJson.MAX_TOKENS) + "0]}";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(many));
        assertThat(e.errors().getFirst().reason()).contains("not valid JSON").contains("Token count");
    }

    @Test
    void boundsNumberLength() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigDocument.parse("{\"x\": " + "9".repeat(1000) + "}"));
        assertThat(e.errors().getFirst().reason()).contains("not valid JSON");
    }

    @Test
    void derivesTheDhcpRangeFromAMovedLan() throws ConfigException {
        LanConfig lan = ConfigDocument.parse("{\"NETWORK\": {\"LAN\": {\"IP\": \"10.20.0.1\", \"Mask\": \"255.255.0.0\"}}}")
                .config().network().lan();
        assertThat(lan.firstDhcpAddress()).hasToString("10.20.0.100");
        assertThat(lan.lastDhcpAddress()).hasToString("10.20.0.200");

        lan = ConfigDocument.parse("{\"NETWORK\": {\"LAN\": {\"IP\": \"192.168.5.150\"}}}").config().network().lan();
        assertThat(lan.firstDhcpAddress()).hasToString("192.168.5.1");
        assertThat(lan.lastDhcpAddress()).hasToString("192.168.5.149");

        lan = ConfigDocument.parse("{\"NETWORK\": {\"LAN\": {\"IP\": \"172.16.0.9\", \"Mask\": \"255.255.255.248\"}}}")
                .config().network().lan();
        assertThat(lan.firstDhcpAddress()).hasToString("172.16.0.10");
        assertThat(lan.lastDhcpAddress()).hasToString("172.16.0.14");
    }
}
