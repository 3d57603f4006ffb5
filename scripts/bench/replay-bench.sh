#!/usr/bin/env bash
# Replays the benchmark capture through `./palisade replay` RUNS times (default 3) and prints the
# packets/s of each run from the summary line on stderr, then the median.
# Generates the capture first (scripts/bench/make-bench-capture.sh) if it is missing.
# Usage: scripts/bench/replay-bench.sh [CAPTURE_DIR=target/bench-capture] [RUNS=3]
# Verdicts and output frames go to a temporary directory (removed at the end).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-$root/target/bench-capture}"
runs="${2:-3}"

if [ ! -f "$dir/bench.pcapng" ] || [ ! -f "$dir/bench-config.json" ]; then
  "$root/scripts/bench/make-bench-capture.sh" "$dir"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

rates=()
for run in $(seq 1 "$runs"); do
  "$root/palisade" replay --config "$dir/bench-config.json" --verdicts "$tmp/verdicts.jsonl" \
      --out "$tmp/out.pcapng" "$dir/bench.pcapng" 2> "$tmp/stderr.txt" || {
    cat "$tmp/stderr.txt" >&2; echo "replay-bench: replay failed" >&2; exit 1; }
  line="$(grep -E 'packets/s' "$tmp/stderr.txt" | tail -n1)"
  rate="$(sed -nE 's/.*\(([0-9]+) packets\/s\).*/\1/p' <<< "$line")"
  [ -n "$rate" ] || { cat "$tmp/stderr.txt" >&2; echo "replay-bench: no packets/s in the summary" >&2; exit 1; }
  echo "run $run: $line"
  rates+=("$rate")
done
if [ "$runs" -ge 1 ]; then
  median="$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  echo "median: $median packets/s over $runs runs"
  echo "summary of the last run:"
  cat "$tmp/stderr.txt"
fi
