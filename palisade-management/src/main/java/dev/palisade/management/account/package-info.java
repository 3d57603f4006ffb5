/**
 * The two accounts of the management service (administrator and user): password hashing with
 * Argon2id, the password and name rules, failed-attempt lockout, credential validity, the account
 * settings of the specification's "Configuring connection settings", and their atomic persistence.
 */
package dev.palisade.management.account;
