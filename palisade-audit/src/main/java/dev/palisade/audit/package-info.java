/**
 * Audit events as a typed catalog: the two logs (firewall, operating system), severities,
 * subjects and every event of the specification's tables with its text template. Storage,
 * forwarding and the views come with the audit log itself.
 */
package dev.palisade.audit;
