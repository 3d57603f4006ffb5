#!/usr/bin/env bash
# Whole-process time of `palisade inspect` against `suricata -r --runmode single` on the same
# generated Modbus/TCP capture with the same rules (../shared/conformance/rules/ics-sample.rules)
# and the same configuration file (suricata-ics.yaml: EVE types alert, anomaly and modbus on both
# sides), one after the other, RUNS times. Needs suricata 7 (bookworm-backports) and python3.
#   scripts/bench/ips-vs-suricata.sh [FLOWS] [EXCHANGES] [RUNS]
# Palisade is built (if its sources changed) and its JVM start-up cache prepared before the first
# timed run, as `./palisade` does once per build; the timed runs are plain `./palisade inspect`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="$root/../shared/conformance/rules"
flows="${1:-2000}"
exchanges="${2:-200}"
runs="${3:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/bench/make-modbus-capture.py" "$work/modbus.pcap" "$flows" "$exchanges"
packets=$(( flows * (6 + 2 * exchanges) ))
"$root/palisade" --version >/dev/null
timed() { # timed OUT COMMAND...: wall, user and system seconds of COMMAND into OUT
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$1" -f "%e %U %S" "${@:2}" >/dev/null 2>&1
  else
    local a b
    a=$(date +%s.%N); "${@:2}" >/dev/null 2>&1; b=$(date +%s.%N)
    echo "$(echo "$b - $a" | bc) 0 0" >"$1"
  fi
}
types() { grep -o '"event_type":"[a-z]*"' "$1" | sort | uniq -c | awk '{gsub(/"event_type":|"/, "", $2); printf "%s %s, ", $1, $2}' | sed 's/, $//'; }
echo "capture: $packets packets ($flows flows x $exchanges exchanges); $(nproc) CPUs; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/suricata" "$work/palisade-eve.json"
  mkdir -p "$work/suricata"
  timed "$work/s.time" suricata -r "$work/modbus.pcap" -S "$shared/ics-sample.rules" -c "$shared/suricata-ics.yaml" \
    -l "$work/suricata" -k none --runmode single --set stream.midstream=true
  timed "$work/p.time" "$root/palisade" inspect --rules "$shared/ics-sample.rules" --suricata-yaml "$shared/suricata-ics.yaml" \
    --set stream.midstream=true --eve "$work/palisade-eve.json" "$work/modbus.pcap"
  read -r sw su ss <"$work/s.time"
  read -r pw pu ps <"$work/p.time"
  awk -v n="$run" -v p="$packets" -v sw="$sw" -v su="$su" -v ss="$ss" -v pw="$pw" -v pu="$pu" -v ps="$ps" 'BEGIN {
    printf "run %d: suricata %.2f s (cpu %.2f user + %.2f sys), %.0f packets/s | palisade %.2f s (cpu %.2f user + %.2f sys), %.0f packets/s | ratio %.2fx\n",
      n, sw, su, ss, p / sw, pw, pu, ps, p / pw, sw / pw }'
  if [ "$run" = 1 ]; then
    echo "  suricata wrote: $(types "$work/suricata/eve.json") ($(stat -c %s "$work/suricata/eve.json") bytes)"
    echo "  palisade wrote: $(types "$work/palisade-eve.json") ($(stat -c %s "$work/palisade-eve.json") bytes)"
  fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
