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

exec "$root/palisade" bench-main dev.palisade.bench.BenchCapture "$out" "$packets" "$flows" "$rules"
