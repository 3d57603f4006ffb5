/**
 * Device-level operations of the gateway: integrity control of the installed distribution, encrypted
 * backup and restore, self-test and the operating modes they drive.
 */
package dev.palisade.system;
