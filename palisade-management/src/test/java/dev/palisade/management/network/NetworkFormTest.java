package dev.palisade.management.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.management.web.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errors of the model are placed at the field whose path they name; the rest are listed above the form. */
class NetworkFormTest {

    @Test
    void errorsGoToTheirFieldOrAboveTheForm() {
        NetworkForm form = NetworkForm.of("$.NETWORK.", List.of("LAN.IP", "LAN.Mask"), Map.of("LAN.IP", "1.2.3"))
                .withErrors(List.of(new FieldError("$.NETWORK.LAN.IP", "not an address"), new FieldError("$.NETWORK.LAN.IP", "required"),
                        new FieldError("$.NETWORK.NAPT.rules[0].ipAddrInternal", "outside the LAN"), new FieldError("", "busy"),
                        new FieldError("$.NETWORK.LAN.IPX", "unknown")));
        assertThat(form.error("LAN.IP")).isEqualTo("not an address; required");
        assertThat(form.hasError("LAN.Mask")).isFalse();
        assertThat(form.value("LAN.IP")).isEqualTo("1.2.3");
        assertThat(form.value("LAN.Mask")).isEmpty();
        assertThat(form.others()).extracting(FieldError::path)
                .containsExactly("$.NETWORK.NAPT.rules[0].ipAddrInternal", "", "$.NETWORK.LAN.IPX");
    }
}
