/**
 * The one web session the gateway allows: creation with a random 256-bit identifier and CSRF
 * token, preemption rules between administrator and user, idle timeout and resumption from the
 * same browser, and parsing of the Cookie header.
 */
package dev.palisade.management.session;
