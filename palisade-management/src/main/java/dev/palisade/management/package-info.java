/**
 * The management service: {@link dev.palisade.management.ManagementService} assembles the
 * first-run provisioning ({@code pki}), the accounts ({@code account}), the single session
 * ({@code session}), the configuration history ({@code history}) and the JSON API ({@code api})
 * behind the HTTPS server ({@code http}); {@link dev.palisade.management.AuditTrail} is where it
 * reports audit events. See docs/management.md.
 */
package dev.palisade.management;
