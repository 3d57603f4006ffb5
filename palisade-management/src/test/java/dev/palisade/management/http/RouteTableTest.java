package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Route matching: parameters, literal segments before parameters, methods for 405, no duplicates. */
class RouteTableTest {

    static Route route(String method, String template) {
        return new Route(method, template, Section.USERS, false, 0, "s", null, r -> ApiResponse.noContent());
    }

    @Test
    void literalSegmentsWinOverParameters() {
        RouteTable table = new RouteTable(List.of(route("PUT", "/api/certificates/{kind}"), route("PUT", "/api/certificates/web-server"),
                route("GET", "/api/config/versions/{number}/diff")));
        assertThat(table.find("PUT", "/api/certificates/web-server").orElseThrow().parameters()).isEmpty();
        assertThat(table.find("PUT", "/api/certificates/root").orElseThrow().parameters()).containsEntry("kind", "root");
        assertThat(table.find("GET", "/api/config/versions/7/diff").orElseThrow().parameters()).containsEntry("number", "7");
        assertThat(table.find("GET", "/api/config/versions//diff")).isEmpty();
        assertThat(table.find("GET", "/api/certificates/root")).isEmpty();
        assertThat(table.find("PUT", "/api/certificates/root/x")).isEmpty();
        assertThat(table.methodsFor("/api/certificates/root")).containsExactly("PUT");
    }

    @Test
    void duplicatesAreRefused() {
        assertThatThrownBy(() -> new RouteTable(List.of(route("GET", "/a"), route("GET", "/a")))).hasMessageContaining("duplicate");
    }
}
