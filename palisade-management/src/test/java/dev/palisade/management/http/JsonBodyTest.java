package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request bodies: typed fields with JSON-path errors that never echo values. */
class JsonBodyTest {

    static JsonBody parse(String text) throws ApiException {
        return JsonBody.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTypedFields() throws ApiException {
        JsonBody body = parse("{\"name\":\"a\",\"n\":3}");
        assertThat(body.string("name")).isEqualTo("a");
        assertThat(body.integer("n")).isEqualTo(3);
        assertThat(body.string("missing", "d")).isEqualTo("d");
    }

    @Test
    void errorsCarryThePathAndNotTheValue() {
        assertThatThrownBy(() -> parse("{\"password\":5}").string("password"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.details().getFirst().path()).isEqualTo("$.password");
                    assertThat(e.status()).isEqualTo(400);
                });
        assertThatThrownBy(() -> parse("{\"password\":\"s3cret\"}").integer("password")).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("object");
        assertThatThrownBy(() -> parse("{\"x\":1}").only(List.of("y"))).hasMessageContaining("$.x");
        assertThatThrownBy(() -> JsonBody.parse(new byte[] {'{', (byte) 0xff, '}'})).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> parse("[".repeat(100) + "]".repeat(100))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> parse("{\"n\":99999999999}").integer("n")).hasMessageContaining("integer");
    }
}
