#!/usr/bin/env bash
# Application-protocol filtering cost on replay: the mixed capture of short flows
# (AppProtocolBenchCapture: HTTP, TLS h2, MQTT, Modbus, SMTP, SSH, random) replayed RUNS times
# (default 3) by the engine alone (--no-app-inspection, nothing blocked) and with all seven
# protocols blocked; prints packets/s of each run, the medians and the slowdown.
# Usage: scripts/bench/appproto-bench.sh [OUT_DIR=target/appproto-bench] [RUNS=3] [FLOWS=20000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-$root/target/appproto-bench}"
runs="${2:-3}"
flows="${3:-20000}"

if [ ! -f "$dir/appproto.pcapng" ]; then
  "$root/palisade" bench-main dev.palisade.bench.AppProtocolBenchCapture "$dir" "$flows"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run() { # label, replay options...
  local label="$1"; shift
  local rates=()
  for i in $(seq 1 "$runs"); do
    "$root/palisade" replay "$@" --verdicts "$tmp/v.jsonl" --out "$tmp/out.pcapng" "$dir/appproto.pcapng" 2> "$tmp/err.txt" \
      || { cat "$tmp/err.txt" >&2; exit 1; }
    local rate; rate="$(sed -nE 's/.*\(([0-9]+) packets\/s\).*/\1/p' "$tmp/err.txt" | tail -n1)"
    echo "$label run $i: $rate packets/s" >&2
    rates+=("$rate")
  done
  printf '%s\n' "${rates[@]}" | median
}

alone="$(run "engine alone" --no-app-inspection --config "$dir/appproto-open.json")"
inspected="$(run "detection, nothing blocked" --config "$dir/appproto-open.json")"
blocked="$(run "all seven blocked" --config "$dir/appproto-blocked.json")"
grep -E "app-proto-deny|packets in" "$tmp/err.txt" >&2 || true
echo "engine alone: median $alone packets/s"
echo "detection on, nothing blocked: median $inspected packets/s"
echo "all seven blocked: median $blocked packets/s"
awk -v a="$alone" -v i="$inspected" -v b="$blocked" 'BEGIN {
  printf "slowdown with detection: %.1f%%; with all seven blocked: %.1f%%\n", (a - i) * 100 / a, (a - b) * 100 / a }'
