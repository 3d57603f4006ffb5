package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pages' multipart forms: fields, files with any bytes, the CSRF field, and refusals. */
class MultipartBodyTest {

    static final String TYPE = "multipart/form-data; boundary=XyZ";

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsFieldsAndBinaryFilesAndKeepsTheFirstOfRepeatedFields() throws Exception {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"host\"\r\n\r\n192.0.2.1:514\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"host\"\r\n\r\nsecond\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"certificate\"; filename=\"a.der\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                + "\u0000\u0030\u00ff\r\n--X\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n\r\n"
                + "--XyZ--\r\n";
        MultipartBody form = MultipartBody.parse(TYPE, bytes(body));
        assertThat(form.text("host")).isEqualTo("192.0.2.1:514");
        assertThat(form.file("certificate")).containsExactly(0x00, 0x30, 0xff, '\r', '\n', '-', '-', 'X');
        assertThat(form.part("certificate").orElseThrow().fileName()).isEqualTo("a.der");
        assertThat(form.file("empty")).isEmpty();
        assertThat(form.file("absent")).isEmpty();
        assertThat(form.checked("host")).isTrue();
        assertThat(form.checked("enabled")).isFalse();
        assertThat(FormBody.csrfField(TYPE, bytes(body))).isEqualTo("tok");
    }

    @Test
    void refusesWhatIsNotAMultipartForm() {
        assertThatThrownBy(() -> MultipartBody.parse("application/json", new byte[0]))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThatThrownBy(() -> MultipartBody.parse("multipart/form-data", bytes("--x\r\n")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> MultipartBody.parse(TYPE, bytes("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= MultipartBody.MAX_PARTS; i++) {
            many.append("--XyZ\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        many.append("--XyZ--\r\n");
        assertThatThrownBy(() -> MultipartBody.parse(TYPE, bytes(many.toString())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(FormBody.csrfField(TYPE, bytes("garbage"))).isNull();
    }
}
