package dev.palisade.management.settings;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds {@code multipart/form-data} bodies the way a browser sends a form with file inputs. */
public final class Multipart {

    public static final String BOUNDARY = "----palisadeFormBoundary7MA4YWxkTrZu0gW";
    public static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void head(String disposition) {
        write("--" + BOUNDARY + "\r\n" + disposition);
    }

    private void write(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public Multipart field(String name, String value) {
        head("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        write(value + "\r\n");
        return this;
    }

    public Multipart file(String name, String fileName, byte[] content) {
        head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n");
        out.writeBytes(content);
        write("\r\n");
        return this;
    }

    public byte[] body() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(out.toByteArray());
        all.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return all.toByteArray();
    }
}
