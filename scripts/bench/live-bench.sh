#!/usr/bin/env bash
# The live gateway against kernel forwarding alone, same topology, same run (root only):
#   1. kernel forwarding alone (no ruleset),
#   2. `palisade run --live` with nothing to inspect (the nftables ruleset alone),
#   3. `palisade run --live` with HTTP blocked: every TCP flow is queued to the engine until its
#      application protocol is classified, then settled (ct mark) and left to the kernel,
#   4. kernel forwarding with conntrack and masquerading only (a minimal stateful NAT ruleset, no
#      Palisade rules): what any stateful NAT router pays,
#   5. kernel forwarding with conntrack only (no NAT): what any stateful firewall pays,
#   6. kernel alone again.
# Each: iperf3 TCP throughput (one stream) and small-UDP packet rate (-u -b 0 -l PAYLOAD), as
# received by the iperf3 server and as forwarded by the gateway (a counting rule in filter FORWARD).
# Builds namespaces pllivebc (LAN client 192.168.1.10) / pllivebgw / pllivebs (WAN server
# 198.51.100.1) and removes them at the end.
# With ROUNDS > 1 the six lines are repeated ROUNDS times and a summary gives each line's median
# UDP forwarding rate and the gateway's share of the kernel-alone and conntrack-and-NAT medians.
# Usage: scripts/bench/live-bench.sh [SECONDS=10] [PAYLOAD=64] [ROUNDS=1]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${1:-10}"
len="${2:-64}"
rounds="${3:-1}"
c=pllivebc; g=pllivebgw; s=pllivebs
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$root/palisade-cli/target/palisade.jar"
tmp="$(mktemp -d /tmp/pllivebench.XXXXXX)"

cleanup() {
  [ -n "${gw_pid:-}" ] && kill -TERM "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null || true
  [ -n "${iperf_pid:-}" ] && kill "$iperf_pid" 2>/dev/null || true
  for ns in $c $g $s; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
cleanup
mkdir -p "$tmp"

if [ ! -f "$jar" ] || [ -n "$(find "$root"/palisade-*/src/main -newer "$jar" -name '*.java' | head -1)" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl palisade-cli -am package -DskipTests)
fi

for ns in $c $g $s; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add pllivebc0 netns $c type veth peer name pllivebl0 netns $g
ip link add pllivebs0 netns $s type veth peer name pllivebw0 netns $g
ip -n $c addr add 192.168.1.10/24 dev pllivebc0
ip -n $g addr add 192.168.1.1/24 dev pllivebl0
ip -n $g addr add 198.51.100.2/24 dev pllivebw0
ip -n $s addr add 198.51.100.1/24 dev pllivebs0
for l in "$c pllivebc0" "$g pllivebl0" "$g pllivebw0" "$s pllivebs0"; do set -- $l; ip -n $1 link set $2 up; done
ip -n $c route add default via 192.168.1.1
ip -n $g route add default via 198.51.100.1
ip -n $s route add 192.168.1.0/24 via 198.51.100.2
ip netns exec $g sysctl -q -w net.ipv4.ip_forward=1

config() {   # $1: extra JSON members of NETWORK
  cat <<JSON
{"NETWORK": {
  "LAN": {"IP": "192.168.1.1", "Mask": "255.255.255.0", "DHCPFlag": false},
  "WAN": {"DHCPFlag": false, "IP": "198.51.100.2", "Mask": "255.255.255.0", "DefaultGateway": "198.51.100.1"},
  "NAT": {"masquerading": true},
  "FIREWALL": {"rules": [{"status": true, "action": "accept", "protocol": "any", "zone": "In"}]}$1
}}
JSON
}
mkdir -p "$tmp/plain" "$tmp/inspect"
config "" > "$tmp/plain/config.json"
config ', "APP_PROTO": {"filtered_protos": {"http": true}}' > "$tmp/inspect/config.json"

ip netns exec $g iptables-nft -t filter -A FORWARD -p udp
ip netns exec $s iperf3 -s >/dev/null 2>&1 &
iperf_pid=$!
sleep 0.5

forwarded() {
  ip netns exec $g iptables-nft -t filter -L FORWARD -v -x -n | awk 'NR == 3 {print $1}'
}

udp() {   # prints "forwarded/s received/s"
  local before after recv
  before=$(forwarded)
  sleep 1
  recv=$(ip netns exec $c iperf3 -c 198.51.100.1 -u -b 0 -l "$len" -t "$secs" --json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
e = r.get("end", {}).get("sum")
print(0 if e is None else int((e["packets"] - e["lost_packets"]) / e["seconds"]))')
  after=$(forwarded)
  echo "$(( (after - before) / secs )) $recv"
}

tcp() {   # prints Mbit/s received
  sleep 1
  ip netns exec $c iperf3 -c 198.51.100.1 -t "$secs" --json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
e = r.get("end", {}).get("sum_received")
print(0 if e is None else round(e["bits_per_second"] / 1e6))'
}

start_gateway() {   # $1: data directory
  ip netns exec $g "$java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -jar "$jar" run --live \
      --lan pllivebl0 --wan pllivebw0 --data "$1" > "$tmp/gateway.log" 2>&1 &
  gw_pid=$!
  for _ in $(seq 100); do
    grep -q 'live: LAN' "$tmp/gateway.log" && return 0
    kill -0 "$gw_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/gateway.log" >&2; exit 1
}

stop_gateway() {
  kill -TERM "$gw_pid"; wait "$gw_pid" || true; gw_pid=""
  if ip netns exec $g nft list table inet palisade >/dev/null 2>&1; then echo "table left behind" >&2; exit 1; fi
}

# What a stateful NAT router costs by itself: conntrack and masquerading, no Palisade rules. The
# gateway cannot be cheaper than this; its own rules' share is the difference to this line.
nat_only_on() {
  ip netns exec $g nft -f - <<NFT
table inet pllivebase {
  chain forward { type filter hook forward priority filter; policy accept; ct state established,related counter accept; ct state new counter accept; }
  chain srcnat { type nat hook postrouting priority srcnat; policy accept; oifname "pllivebw0" masquerade; }
}
NFT
}

nat_only_off() {
  ip netns exec $g nft delete table inet pllivebase
}

# Connection tracking alone (no NAT): what a stateful firewall costs before any rule or translation.
conntrack_only_on() {
  ip netns exec $g nft -f - <<NFT
table inet pllivebase {
  chain forward { type filter hook forward priority filter; policy accept; ct state established,related counter accept; ct state new counter accept; }
}
NFT
}

row() {   # label, then measure
  local label="$1" t u
  t=$(tcp); u=($(udp))
  printf '%-58s %7s Mbit/s TCP %9s UDP forwarded/s %9s UDP received/s\n' "$label" "$t" "${u[0]}" "${u[1]}"
  echo "$label|${u[0]}" >> "$tmp/rates"
}

summary() {   # medians per line over the rounds, and the gateway's shares
  python3 - "$tmp/rates" <<'PY'
import statistics, sys
rates = {}
for line in open(sys.argv[1]):
    label, value = line.rstrip("\n").rsplit("|", 1)
    rates.setdefault(label.replace(" (again)", ""), []).append(int(value))
med = {k: statistics.median(v) for k, v in rates.items()}
print("medians of UDP forwarded packets/s over all rounds:")
for k, v in med.items():
    print(f"  {k:<58} {v:>10,.0f}  ({', '.join(f'{x:,}' for x in rates[k])})")
kernel = med["kernel forwarding alone"]
nat = med["kernel with conntrack and masquerading only (no Palisade)"]
ct = med["kernel with conntrack only (no NAT, no Palisade)"]
print(f"  conntrack only: {100 * ct / kernel:.0f} % of kernel alone; conntrack and masquerading: {100 * nat / kernel:.0f} %")
for k in ("gateway, nothing to inspect (nftables ruleset only)", "gateway, HTTP blocked (TCP queued until classified)"):
    print(f"  {k}: {100 * med[k] / kernel:.0f} % of kernel alone, {100 * med[k] / nat:.0f} % of conntrack and masquerading alone")
PY
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; ${secs} s per test, UDP payload ${len} bytes, ${rounds} round(s)"
for round in $(seq "$rounds"); do
  [ "$rounds" -gt 1 ] && echo "round $round"
  row "kernel forwarding alone"
  start_gateway "$tmp/plain"
  row "gateway, nothing to inspect (nftables ruleset only)"
  ip netns exec $g nft list set inet palisade fast_path >/dev/null && \
    echo "  (fast path: $(ip netns exec $g nft list chain inet palisade prerouting | grep 'comment "fast-path"' | grep -o 'packets [0-9]*' | awk '{s += $2} END {print s}') packets)"
  stop_gateway
  start_gateway "$tmp/inspect"
  row "gateway, HTTP blocked (TCP queued until classified)"
  grep -q . "$tmp/gateway.log"
  stop_gateway
  grep 'queued' "$tmp/gateway.log" || true
  nat_only_on
  row "kernel with conntrack and masquerading only (no Palisade)"
  nat_only_off
  conntrack_only_on
  row "kernel with conntrack only (no NAT, no Palisade)"
  nat_only_off
  row "kernel forwarding alone (again)"
done
summary
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
