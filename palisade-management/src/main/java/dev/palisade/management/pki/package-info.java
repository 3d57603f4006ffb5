/**
 * The management service's public-key infrastructure: first-run provisioning of the root CA, the
 * administrator and user client certificates and the web server certificate; parsing and checking
 * of uploaded certificates and keys; atomic, owner-only writing and overwrite-before-delete erasing
 * of key material.
 */
package dev.palisade.management.pki;
