#!/usr/bin/env bash
# Packets/s of small UDP packets forwarded by a gateway namespace: kernel forwarding alone, then
# every packet through an NFQUEUE consumer in Java (accept everything, batched and not), then
# through the traffic engine. Same topology, same run, iperf3 as sender and receiver; the rate is
# what the receiver got (packets sent minus lost, over the test time).
# Root only. Builds its own namespaces plnfqbc / plnfqbgw / plnfqbs and removes them at the end.
# Usage: scripts/bench/nfqueue-bench.sh [SECONDS=10] [PAYLOAD=64]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${1:-10}"
len="${2:-64}"
c=plnfqbc; g=plnfqbgw; s=plnfqbs
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$root/palisade-benchmarks/target/benchmarks.jar"

cleanup() {
  [ -n "${iperf_pid:-}" ] && kill "$iperf_pid" 2>/dev/null || true
  for ns in $c $g $s; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT
cleanup

if [ ! -f "$jar" ] || [ -n "$(find "$root/palisade-live/src" "$root/palisade-benchmarks/src" -newer "$jar" -name '*.java' | head -1)" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl palisade-benchmarks -am package -DskipTests)
fi

for ns in $c $g $s; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add plnfqbc0 netns $c type veth peer name plnfqbgc0 netns $g
ip link add plnfqbs0 netns $s type veth peer name plnfqbgs0 netns $g
ip -n $c addr add 192.168.1.10/24 dev plnfqbc0
ip -n $g addr add 192.168.1.1/24 dev plnfqbgc0
ip -n $g addr add 198.51.100.2/24 dev plnfqbgs0
ip -n $s addr add 198.51.100.1/24 dev plnfqbs0
for l in "$c plnfqbc0" "$g plnfqbgc0" "$g plnfqbgs0" "$s plnfqbs0"; do set -- $l; ip -n $1 link set $2 up; done
ip -n $c route add default via 192.168.1.1
ip -n $s route add 192.168.1.0/24 via 198.51.100.2
ip netns exec $g sysctl -q -w net.ipv4.ip_forward=1
lan=$(ip netns exec $g cat /sys/class/net/plnfqbgc0/ifindex)
wan=$(ip netns exec $g cat /sys/class/net/plnfqbgs0/ifindex)

ip netns exec $s iperf3 -s >/dev/null 2>&1 &
iperf_pid=$!
sleep 0.5

measure() {   # prints received packets/s
  ip netns exec $c iperf3 -c 198.51.100.1 -u -b 0 -l "$len" -t "$secs" --json 2>/dev/null | python3 -c '
import json, sys
e = json.load(sys.stdin)["end"]["sum"]
print(int((e["packets"] - e["lost_packets"]) / e["seconds"]))'
}

run_queue() {   # label, java args...
  local label="$1"; shift
  ip netns exec $g iptables-nft -t mangle -A FORWARD -p udp -j NFQUEUE --queue-num 0
  ip netns exec $g "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.palisade.bench.NfqueueAcceptLoop \
      --seconds $((secs + 4)) "$@" > /tmp/plnfqb-loop.log 2>&1 &
  local loop=$!
  sleep 2
  local rate; rate=$(measure)
  wait "$loop" || { cat /tmp/plnfqb-loop.log >&2; exit 1; }
  ip netns exec $g iptables-nft -t mangle -F FORWARD
  printf '%-44s %10s packets/s   (%s)\n' "$label" "$rate" "$(grep 'kernel queue' /tmp/plnfqb-loop.log | head -1)"
}

printf '%-44s %10s packets/s\n' "kernel forwarding alone" "$(measure)"
run_queue "NFQUEUE, accept everything, batch 32" --mode accept --batch 32
run_queue "NFQUEUE, accept everything, batch 1" --mode accept --batch 1
run_queue "NFQUEUE, traffic engine (router), batch 32" --mode engine --batch 32 --lan "$lan" --wan "$wan"
printf '%-44s %10s packets/s\n' "kernel forwarding alone (again)" "$(measure)"
