#!/usr/bin/env bash
# Conformance run: replays the worked example of ../shared/conformance/replay-example (or the
# directory given) and compares verdicts and sent frames with what it must produce. Reads
# ../shared, so it is not part of ./palisade test; .ci/run calls it separately.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
example="${1:-$root/../shared/conformance/replay-example}"
if [ ! -d "$example" ]; then
  echo "replay-example: $example not found (it lives in ../shared beside the project)" >&2
  exit 2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/palisade" replay --config "$example/config.json" --verdicts "$tmp/verdicts.jsonl" \
  --out "$tmp/out.pcapng" "$example/input.pcapng"
python3 "$root/scripts/conformance/compare_replay.py" "$example" "$tmp/verdicts.jsonl" "$tmp/out.pcapng"
