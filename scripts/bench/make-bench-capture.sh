#!/usr/bin/env bash
# Generates the replay benchmark input (not checked in):
#   OUT_DIR/bench.pcapng      interfaces lan and wan, 60-byte frames: the packets that open FLOWS
#                             flows, then the mixed traffic of dev.palisade.bench.BenchScenario
#   OUT_DIR/bench-config.json router configuration with RULES custom rules (the matching one last),
#                             1,000 denylist and 1,000 allowlist entries
# Usage: scripts/bench/make-bench-capture.sh [OUT_DIR=target/bench-capture] [PACKETS=1000000] [FLOWS=10000] [RULES=512]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/target/bench-capture}"
packets="${2:-1000000}"
flows="${3:-10000}"
rules="${4:-512}"

java_home="${JAVA_HOME:-}"
if [ -z "$java_home" ] || [ ! -x "$java_home/bin/java" ]; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    if [ -x "$d/bin/java" ]; then java_home="$d"; break; fi
  done
fi
[ -x "$java_home/bin/java" ] || { echo "make-bench-capture: JDK 25 not found; set JAVA_HOME" >&2; exit 2; }

jar="$root/palisade-benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "make-bench-capture: building the benchmarks jar..." >&2
  JAVA_HOME="$java_home" mvn -B -q -f "$root/pom.xml" -DskipTests install >&2
fi

exec "$java_home/bin/java" -Xmx2g -cp "$jar" dev.palisade.bench.BenchCapture "$out" "$packets" "$flows" "$rules"
