#!/usr/bin/env bash
# Conformance: every row of the specification's audit event tables
# (../shared/spec/audit-events.tsv) is in Palisade's catalog; anything else in the catalog must
# be one of Palisade's declared extensions (scripts/codegen/audit-catalog.py, EXTENSIONS).
# Compared as sorted rows; the one row the extracted table fused with a heading is corrected first
# (the same correction scripts/codegen/audit-catalog.py applies).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spec="${1:-$root/../shared/spec/audit-events.tsv}"
[ -f "$spec" ] || { echo "audit-catalog: $spec not found" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
sed 's/TrafficController: Error creating route Viewing the firewall audit log/TrafficController: Error creating route/' "$spec" \
  | sort > "$tmp/spec.tsv"
# The declared extensions (scripts/codegen/audit-catalog.py, EXTENSIONS), one pattern each.
ext=(-e 'Application protocol traffic blocked' -e 'Notifier: Notification queue overflow')
"$root/palisade" audit catalog | grep -v "${ext[@]}" | sort > "$tmp/ours.tsv"
extensions="$("$root/palisade" audit catalog | grep -c "${ext[@]}" || true)"
if diff "$tmp/spec.tsv" "$tmp/ours.tsv" > "$tmp/diff.txt"; then
  echo "audit catalog: all $(($(wc -l < "$tmp/spec.tsv") - 1)) rows of the specification's tables, plus $extensions declared extension(s)"
else
  echo "audit catalog differs from the specification (< spec, > ours):" >&2
  cat "$tmp/diff.txt" >&2
  exit 1
fi
