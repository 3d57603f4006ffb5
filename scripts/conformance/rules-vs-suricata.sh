#!/usr/bin/env bash
# Compares what Palisade and Suricata 7 accept and refuse, one rule at a time, over the probe file
# palisade-ips/src/test/resources/dev/palisade/ips/rules/suricata-agreement.rules (or the file
# given). Needs `suricata` on the PATH (Debian bookworm-backports package). A rule counts as
# accepted by Palisade when `palisade rules check` exits 0 (loaded or skipped with a warning) and
# by Suricata when `suricata -T` loads it. Lines marked "# expect: DIFF" are deliberate differences.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
probes="${1:-$root/palisade-ips/src/test/resources/dev/palisade/ips/rules/suricata-agreement.rules}"
command -v suricata >/dev/null || { echo "rules-vs-suricata: suricata not installed" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Build once, then call the jar directly: one JVM per rule is slow enough.
"$root/palisade" rules --help >/dev/null
jar="$root/palisade-cli/target/palisade.jar"
agree=0; differ=0; unexpected=0; n=0
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  rule="${line%%# expect:*}"
  printf '%s\n' "$rule" > "$tmp/p.rules"
  if java -jar "$jar" rules check "$tmp/p.rules" >/dev/null 2>&1; then ours=accept; else ours=refuse; fi
  if suricata -T -S "$tmp/p.rules" -c /etc/suricata/suricata.yaml -l "$tmp" --init-errors-fatal \
      --set app-layer.protocols.modbus.enabled=true >/dev/null 2>&1; then theirs=accept; else theirs=refuse; fi
  if [ "$ours" = "$theirs" ]; then
    agree=$((agree + 1)); mark=same
  elif [[ "$line" == *"# expect: DIFF"* ]]; then
    differ=$((differ + 1)); mark=DIFF
  else
    unexpected=$((unexpected + 1)); mark=UNEXPECTED
  fi
  printf '%-10s palisade=%-6s suricata=%-6s %s\n' "$mark" "$ours" "$theirs" "$rule"
done < "$probes"
echo "rules-vs-suricata: $n rules, $agree agree, $differ documented differences, $unexpected unexpected"
[ "$unexpected" -eq 0 ]
