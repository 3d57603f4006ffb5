/**
 * The HTTPS server on Jetty 12 core (no servlet layer): TLS 1.2/1.3 with a required client
 * certificate chained to the uploaded root, and the one dispatcher every request passes through,
 * which looks up the route, checks the session, the role (through the route's {@link
 * dev.palisade.management.http.Section}), the forced password change and the CSRF token before any
 * handler runs, and turns every failure into the one JSON error format.
 */
package dev.palisade.management.http;
