/**
 * The device area of the management service (Settings: Backup and recovery, Commands, Diagnostics):
 * encrypted configuration backups and their restore, the service restart, the system log archive
 * ({@code log_files.tar.gz}), the troubleshooting report (interfaces, routes, firewall and address
 * translation rules with their counters, processes and memory) and the ping tool. See
 * docs/management.md and docs/integrity-and-backup.md.
 */
package dev.palisade.management.device;
