package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fields written by {@link CsvFormat} read back unchanged by an independent RFC 4180 reader. */
class CsvFormatTest {

    /** A strict RFC 4180 reader of one record ending in CRLF (the test's own, independent of the writer). */
    static List<String> readRecord(String csv) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < csv.length() && csv.charAt(i) == '"') {
                i++;
                while (true) {
                    char c = csv.charAt(i++);
                    if (c == '"') {
                        if (csv.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
            } else {
                while (csv.charAt(i) != ',' && csv.charAt(i) != '\r') {
                    char c = csv.charAt(i++);
                    assertThat(c).as("unquoted field holds no quote or line break").isNotIn('"', '\n');
                    f.append(c);
                }
            }
            fields.add(f.toString());
            f.setLength(0);
            char sep = csv.charAt(i++);
            if (sep == '\r') {
                assertThat(csv.charAt(i)).isEqualTo('\n');
                assertThat(i + 1).isEqualTo(csv.length());
                return fields;
            }
            assertThat(sep).isEqualTo(',');
        }
    }

    @Test
    void randomFieldsRoundTrip() throws IOException {
        Random random = new Random(42);
        String alphabet = "ab ,\"\r\n\t;'=é\u2026";
        for (int n = 0; n < 5_000; n++) {
            List<String> fields = new ArrayList<>();
            StringWriter w = new StringWriter();
            int count = 1 + random.nextInt(6);
            for (int k = 0; k < count; k++) {
                StringBuilder v = new StringBuilder();
                for (int len = random.nextInt(8); len > 0; len--) {
                    v.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                fields.add(v.toString());
                if (k > 0) {
                    w.write(',');
                }
                CsvFormat.field(w, v.toString());
            }
            w.write("\r\n");
            assertThat(readRecord(w.toString())).as(w.toString()).isEqualTo(fields);
        }
    }

    @Test
    void onlyFieldsThatNeedItAreQuoted() throws IOException {
        StringWriter w = new StringWriter();
        CsvFormat.field(w, "plain text");
        w.write('|');
        CsvFormat.field(w, "a \"b\"");
        w.write('|');
        CsvFormat.field(w, "x\ny");
        assertThat(w.toString()).isEqualTo("plain text|\"a \"\"b\"\"\"|\"x\ny\"");
    }
}
