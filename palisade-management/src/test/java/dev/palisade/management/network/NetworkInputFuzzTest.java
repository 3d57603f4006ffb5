package dev.palisade.management.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.management.http.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * Fuzz targets for the Network pages' parsers of user input: the item position in a path and the
 * form value conversion. Neither may throw anything but the API's 404, and the conversion must keep
 * what was typed (an integer only for a plain number that reads back the same).
 */
class NetworkInputFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void itemIndex(FuzzedDataProvider data) {
        int size = data.consumeInt(0, 2000);
        String text = data.consumeRemainingAsString();
        try {
            int index = ItemIndex.parse(text, size, "item");
            assertThat(index).isBetween(0, size - 1);
            assertThat(Integer.toString(index)).isEqualTo(text);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).doesNotContain("<").doesNotContain("\n");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void formValues(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        JsonNode node = FormValues.integerOrText(text);
        if (node.isInt()) {
            assertThat(Integer.toString(node.intValue())).isEqualTo(text.strip());
        } else {
            assertThat(node.asString()).isEqualTo(text.strip());
        }
        assertThat(FormValues.text(text).asString()).isEqualTo(text.strip());
    }
}
