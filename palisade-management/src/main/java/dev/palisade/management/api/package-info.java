/**
 * The JSON API of the management service: the route table (every operation with its section),
 * the handlers for sessions, accounts, certificates, the configuration document and its history,
 * and status, and the OpenAPI 3 document generated from the same table.
 */
package dev.palisade.management.api;
