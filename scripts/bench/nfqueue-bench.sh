#!/usr/bin/env bash
# Packets/s of small UDP packets forwarded by a gateway namespace: kernel forwarding alone, then
# every packet through an NFQUEUE consumer in Java (accept everything, batched and not), then
# through the traffic engine. Same topology, same run, iperf3 as sender and receiver. Two rates:
# what the gateway forwarded (a counting rule in filter FORWARD, after the queue's verdict) and
# what the iperf3 receiver got (sent minus lost: also lower when the receiver itself falls behind).
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

ip netns exec $g iptables-nft -t filter -A FORWARD -p udp
ip netns exec $s iperf3 -s >/dev/null 2>&1 &
iperf_pid=$!
sleep 0.5

forwarded() {
  ip netns exec $g iptables-nft -t filter -L FORWARD -v -x -n | awk 'NR == 3 {print $1}'
}

measure() {   # prints "forwarded/s received/s"
  local before after recv
  before=$(forwarded)
  sleep 1   # let the iperf3 server finish the previous test
  recv=$(ip netns exec $c iperf3 -c 198.51.100.1 -u -b 0 -l "$len" -t "$secs" --json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
e = r.get("end", {}).get("sum")
if e is None:
    print("iperf3: " + r.get("error", "no result"), file=sys.stderr); print(0)
else:
    print(int((e["packets"] - e["lost_packets"]) / e["seconds"]))')
  after=$(forwarded)
  echo "$(( (after - before) / secs )) $recv"
}

run_queue() {   # label, java args...
  local label="$1"; shift
  ip netns exec $g iptables-nft -t mangle -A FORWARD -p udp -j NFQUEUE --queue-num 0
  ip netns exec $g "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.palisade.bench.NfqueueAcceptLoop \
      --seconds $((secs + 4)) "$@" > /tmp/plnfqb-loop.log 2>&1 &
  local loop=$!
  sleep 2
  local rate; rate=($(measure))
  wait "$loop" || { cat /tmp/plnfqb-loop.log >&2; exit 1; }
  ip netns exec $g iptables-nft -t mangle -F FORWARD
  printf '%-44s %9s forwarded/s %9s received/s   (%s)\n' "$label" "${rate[0]}" "${rate[1]}" \
      "$(grep 'kernel queue' /tmp/plnfqb-loop.log | head -1)"
}

k=($(measure)); printf '%-44s %9s forwarded/s %9s received/s\n' "kernel forwarding alone" "${k[0]}" "${k[1]}"
run_queue "NFQUEUE, accept everything, batch 32" --mode accept --batch 32
run_queue "NFQUEUE, accept everything, batch 1" --mode accept --batch 1
run_queue "NFQUEUE, traffic engine (router), batch 32" --mode engine --batch 32 --lan "$lan" --wan "$wan"
k=($(measure)); printf '%-44s %9s forwarded/s %9s received/s\n' "kernel forwarding alone (again)" "${k[0]}" "${k[1]}"
