package dev.palisade.management.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every route of the service. The dispatcher serves nothing that is not in this table, and each
 * entry names its section, so the role check cannot be forgotten by an endpoint: a new endpoint is
 * a new entry, and a test walks the table to prove a user is refused every administrator route.
 */
public final class RouteTable {

    /** A route that fits a request, with the path parameters. */
    public record Match(Route route, Map<String, String> parameters) {
    }

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                if (routes.get(i).method().equals(routes.get(j).method()) && routes.get(i).template().equals(routes.get(j).template())) {
                    throw new IllegalArgumentException("duplicate route " + routes.get(i).method() + " " + routes.get(i).template());
                }
            }
        }
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route for {@code method} and {@code path}; literal templates win over parameters. */
    public Optional<Match> find(String method, String path) {
        Match best = null;
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            Optional<Map<String, String>> parameters = route.match(path);
            if (parameters.isPresent() && (best == null || parameters.get().size() < best.parameters().size())) {
                best = new Match(route, parameters.get());
            }
        }
        return Optional.ofNullable(best);
    }

    /** The methods allowed on {@code path} (for 405 answers). */
    public List<String> methodsFor(String path) {
        List<String> methods = new ArrayList<>();
        for (Route route : routes) {
            if (route.match(path).isPresent() && !methods.contains(route.method())) {
                methods.add(route.method());
            }
        }
        return methods;
    }
}
