package dev.palisade.management.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Promise;

/**
 * A decoded {@code multipart/form-data} body: the pages' forms with file inputs (certificate and key
 * uploads). The body is already in memory and bounded by the route; it is parsed by Jetty's
 * multipart parser with every part kept in memory, at most {@link #MAX_PARTS} parts. Repeated
 * fields keep the first part; anything the parser refuses makes the whole body invalid (400), so a
 * form is never half-read.
 */
public final class MultipartBody {

    /** One part: the field name, the file name the browser sent ("" for a plain field) and the bytes. */
    public record Part(String name, String fileName, byte[] content) {
    }

    static final int MAX_PARTS = 32;
    private static final String TYPE = "multipart/form-data";

    private final Map<String, Part> parts;

    private MultipartBody(Map<String, Part> parts) {
        this.parts = Map.copyOf(parts);
    }

    /** Whether {@code contentType} names a multipart form. */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(TYPE);
    }

    /** Decodes {@code body}; {@code contentType} must be {@code multipart/form-data} with a boundary. */
    public static MultipartBody parse(String contentType, byte[] body) throws ApiException {
        if (!isMultipart(contentType)) {
            throw new ApiException(415, "unsupported_media_type", "send the form as " + TYPE);
        }
        String boundary;
        try {
            boundary = MultiPart.extractBoundary(contentType);
        } catch (RuntimeException e) {
            // A broken header parameter (an unterminated quote, found by fuzzing).
            throw new ApiException(400, "invalid_form", "the multipart form's Content-Type cannot be read");
        }
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new ApiException(400, "invalid_form", "the multipart form has no usable boundary");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(MAX_PARTS);
        parser.setMaxLength(body.length + 1L);
        parser.setMaxFileSize(body.length + 1L);
        // Everything stays in memory: the body is already there, bounded by the route.
        parser.setMaxMemoryFileSize(body.length + 1L);
        parser.setUseFilesForPartsWithoutFileName(false);
        MultiPartFormData.Parts decoded;
        try {
            CompletableFuture<MultiPartFormData.Parts> result = new CompletableFuture<>();
            parser.parse(Content.Source.from(ByteBuffer.wrap(body)), Promise.Invocable.toPromise(result));
            decoded = result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | RuntimeException | TimeoutException e) {
            throw new ApiException(400, "invalid_form", "the multipart form could not be decoded");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(400, "invalid_form", "the multipart form could not be decoded");
        }
        Map<String, Part> out = new HashMap<>();
        try (decoded) {
            for (MultiPart.Part part : decoded) {
                String name = part.getName();
                if (name == null || out.containsKey(name)) {
                    continue;
                }
                ByteBuffer buffer = Content.Source.asByteBuffer(part.createContentSource());
                byte[] content = new byte[buffer.remaining()];
                buffer.get(content);
                out.put(name, new Part(name, part.getFileName() == null ? "" : part.getFileName(), content));
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new ApiException(400, "invalid_form", "the multipart form could not be decoded");
        }
        return new MultipartBody(out);
    }

    /** The CSRF field of a multipart body, or null when there is none or the body is not a valid form. */
    static String csrfField(String contentType, byte[] body) {
        try {
            return parse(contentType, body).field(FormBody.CSRF_FIELD).orElse(null);
        } catch (ApiException e) {
            return null;
        }
    }

    public Optional<Part> part(String name) {
        return Optional.ofNullable(parts.get(name));
    }

    /** A plain field as UTF-8 text. */
    public Optional<String> field(String name) {
        return part(name).map(p -> new String(p.content(), StandardCharsets.UTF_8));
    }

    /** A plain field's text, or "" when absent. */
    public String text(String name) {
        return field(name).orElse("");
    }

    /** Whether a checkbox was ticked (its field is present). */
    public boolean checked(String name) {
        return parts.containsKey(name);
    }

    /** The content of a file input, empty when absent or when no file was chosen. */
    public byte[] file(String name) {
        return part(name).map(Part::content).orElse(new byte[0]);
    }
}
