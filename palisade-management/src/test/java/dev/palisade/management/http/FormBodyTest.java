package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Form bodies: decoding, first value wins, bad escapes and wrong types refused as a whole. */
class FormBodyTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void decodesFieldsAndKeepsTheFirstOfRepeatedOnes() throws ApiException {
        FormBody form = FormBody.parse("application/x-www-form-urlencoded; charset=UTF-8",
                bytes("name=a+b%40c&comment=%3Cscript%3E&_csrf=t1&_csrf=t2&status"));
        assertThat(form.text("name")).isEqualTo("a b@c");
        assertThat(form.text("comment")).isEqualTo("<script>");
        assertThat(form.field(FormBody.CSRF_FIELD)).contains("t1");
        assertThat(form.checked("status")).isTrue();
        assertThat(form.checked("other")).isFalse();
        assertThat(form.text("other")).isEmpty();
    }

    @Test
    void refusesBadEscapesAndOtherTypes() {
        assertThatThrownBy(() -> FormBody.parse("application/x-www-form-urlencoded", bytes("a=%zz")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> FormBody.parse("application/json", bytes("{}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThat(FormBody.csrfField("application/json", bytes("_csrf=x"))).isNull();
        assertThat(FormBody.csrfField(null, bytes("_csrf=x"))).isNull();
    }
}
