package dev.palisade.management.web;

import dev.palisade.management.http.ApiException;
import dev.palisade.management.http.ApiResponse;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The pages' static files, read from the class path once: the style sheet, the small script that
 * configures htmx and hands it the CSRF token, and htmx itself from its webjar. They need no session
 * (the sign-in page uses them) and hold nothing secret.
 */
final class StaticFiles {

    static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";

    private StaticFiles() {
    }

    static List<Route> routes() {
        return List.of(
                file("/static/app.css", "dev/palisade/management/web/static/app.css", "text/css"),
                file("/static/app.js", "dev/palisade/management/web/static/app.js", "text/javascript"),
                file(HTMX, "META-INF/resources" + HTMX, "text/javascript"));
    }

    private static Route file(String path, String resource, String type) {
        byte[] content;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource, e);
        }
        return Route.page("GET", path, Section.PUBLIC, true, r -> asset(type, content));
    }

    private static ApiResponse asset(String type, byte[] content) throws ApiException {
        return new ApiResponse(200, type, content, List.of());
    }
}
