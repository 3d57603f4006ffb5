/**
 * The Events and Audit sections: the firewall audit log (Events, administrator and user) and the
 * operating-system audit log (Audit, administrator only) as filtered, paged views of the
 * {@link dev.palisade.audit.store.AuditStore}, their CSV export (itself audited), and the alarm mark
 * beside each section while a critical event has not been viewed. {@link
 * dev.palisade.management.audit.LogFilter} parses the views' query parameters (user input, fuzzed).
 */
package dev.palisade.management.audit;
