#!/usr/bin/env bash
# Whole-process time of `palisade inspect` against `suricata -r --runmode single` on the same
# generated Modbus/TCP capture with the same rules (../shared/conformance/rules/ics-sample.rules
# and suricata-ics.yaml), one after the other in one run. Needs suricata 7 (bookworm-backports).
#   scripts/bench/ips-vs-suricata.sh [FLOWS] [EXCHANGES]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="$root/../shared/conformance/rules"
flows="${1:-2000}"
exchanges="${2:-200}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/bench/make-modbus-capture.py" "$work/modbus.pcap" "$flows" "$exchanges"
packets=$(( flows * (6 + 2 * exchanges) ))
"$root/palisade" build >/dev/null 2>&1 || "$root/palisade" --version >/dev/null
now() { date +%s.%N; }
mkdir -p "$work/suricata"
t0=$(now)
suricata -r "$work/modbus.pcap" -S "$shared/ics-sample.rules" -c "$shared/suricata-ics.yaml" -l "$work/suricata" \
  -k none --runmode single --set stream.midstream=true >/dev/null 2>&1
t1=$(now)
"$root/palisade" inspect --rules "$shared/ics-sample.rules" --suricata-yaml "$shared/suricata-ics.yaml" \
  --set stream.midstream=true --eve "$work/palisade-eve.json" "$work/modbus.pcap" >/dev/null
t2=$(now)
s_alerts=$(grep -c '"event_type":"alert"' "$work/suricata/eve.json" || true)
p_alerts=$(grep -c '"event_type":"alert"' "$work/palisade-eve.json" || true)
awk -v p="$packets" -v a="$t0" -v b="$t1" -v c="$t2" -v sa="$s_alerts" -v pa="$p_alerts" 'BEGIN {
  s = b - a; q = c - b;
  printf "capture: %d packets (%d flows x %d exchanges)\n", p, '"$flows"', '"$exchanges"';
  printf "suricata -r --runmode single: %.2f s, %.0f packets/s, %d alerts\n", s, p / s, sa;
  printf "palisade inspect:             %.2f s, %.0f packets/s, %d alerts\n", q, p / q, pa;
  printf "ratio (palisade / suricata packet rate): %.2fx\n", s / q }'
