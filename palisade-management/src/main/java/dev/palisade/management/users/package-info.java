/**
 * The Users section's pages: connection settings, each account's name and password, the root,
 * administrator, user and web server certificates, and the alarm mark the navigation shows when
 * credentials or certificates are about to expire. The pages call the account and certificate API
 * operations; the rules live in {@code account} and {@code api.Certificates}.
 */
package dev.palisade.management.users;
