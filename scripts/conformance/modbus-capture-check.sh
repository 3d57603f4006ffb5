#!/usr/bin/env bash
# Development check of the Modbus engine on captures outside the project (e.g. the public ICS
# captures in ../shared/conformance/ics-pcaps): PDUs per function code (compare with Wireshark's
# function-codes.tsv), anomalies, per-transaction hits of a few modbus: rules, optionally the EVE
# modbus records. Usage:
#   scripts/conformance/modbus-capture-check.sh [--rules FILE] [--eve OUT.json] CAPTURE...
# --rules takes the modbus: options of a rule file (sid -> condition); by default the four local
# rules of ics-sample.rules. Not a test: docs/ips-modbus.md records what it showed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$root"
mvn -B -q -o -Dstyle.color=never -pl palisade-ips -am test-compile >&2
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o -Dstyle.color=never -pl palisade-ips dependency:build-classpath -Dmdep.outputFile="$cp_file" \
  -Dmdep.includeScope=test >&2
cp="palisade-ips/target/test-classes:palisade-ips/target/classes:palisade-dataplane/target/classes:$(cat "$cp_file")"
exec "$JAVA_HOME/bin/java" -cp "$cp" dev.palisade.ips.modbus.ModbusCaptureCheck "$@"
