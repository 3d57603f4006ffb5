/**
 * The management service: HTTPS server, JSON API, web interface, certificates, accounts, sessions and roles.
 */
package dev.palisade.management;
