/**
 * The Self-diagnostics section (administrator only): the self-test run on demand (audited, and a
 * failure enters emergency support mode exactly as at start), the manual integrity check with the
 * specification's report to download (a violation found here is reported, never an emergency),
 * and the operating mode.
 */
package dev.palisade.management.diagnostics;
