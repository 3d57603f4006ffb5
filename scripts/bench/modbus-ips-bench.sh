#!/usr/bin/env bash
# Modbus/TCP transactions/s through a gateway namespace: kernel forwarding alone, then every
# Modbus packet (TCP port 502, both directions) through an NFQUEUE consumer in Java accepting
# everything, then through the traffic engine with the Network Protector (industrial IPS) as its
# transit inspector, alternated twice, then kernel alone again. Same topology, same run. The load
# is dev.palisade.bench.ModbusLoad (a PLC answering "read holding registers" and a SCADA client
# keeping DEPTH requests outstanding on each of CONNECTIONS connections); the rate is what the
# client completed, the forwarded figure a counting rule in filter FORWARD (after the verdict).
# Issue 7's goal: inspected Modbus traffic under the IPS at >= 70 % of the accept-everything loop.
# Root only. Builds its own namespaces plqbc / plqbgw / plqbs and removes them at the end.
# The two queue consumers alternate ROUNDS times (the machine is shared: medians, and each round's ratio).
# Each consumer gets WARMUP seconds of the same load before its measurement (a fresh JVM per line).
# Usage: scripts/bench/modbus-ips-bench.sh [SECONDS=10] [CONNECTIONS=4] [DEPTH=8] [ROUNDS=3] [WARMUP=5]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${1:-10}"
conns="${2:-4}"
depth="${3:-8}"
rounds="${4:-3}"
warmup="${5:-5}"
c=plqbc; g=plqbgw; s=plqbs
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$root/palisade-benchmarks/target/benchmarks.jar"
log=/tmp/plqb-loop.log

cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "${loop_pid:-}" ] && kill "$loop_pid" 2>/dev/null || true
  for ns in $c $g $s; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT
cleanup

if [ ! -f "$jar" ] || [ -n "$(find "$root/palisade-live/src" "$root/palisade-ips/src" "$root/palisade-benchmarks/src" -newer "$jar" -name '*.java' | head -1)" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl palisade-benchmarks -am package -DskipTests)
fi

for ns in $c $g $s; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add plqbc0 netns $c type veth peer name plqbgc0 netns $g
ip link add plqbs0 netns $s type veth peer name plqbgs0 netns $g
ip -n $c addr add 192.168.1.10/24 dev plqbc0
ip -n $g addr add 192.168.1.1/24 dev plqbgc0
ip -n $g addr add 198.51.100.2/24 dev plqbgs0
ip -n $s addr add 198.51.100.1/24 dev plqbs0
for l in "$c plqbc0" "$g plqbgc0" "$g plqbgs0" "$s plqbs0"; do set -- $l; ip -n $1 link set $2 up; done
ip -n $c route add default via 192.168.1.1
ip -n $s route add 192.168.1.0/24 via 198.51.100.2
ip netns exec $g sysctl -q -w net.ipv4.ip_forward=1
lan=$(ip netns exec $g cat /sys/class/net/plqbgc0/ifindex)
wan=$(ip netns exec $g cat /sys/class/net/plqbgs0/ifindex)

ip netns exec $g iptables-nft -t filter -A FORWARD -p tcp
ip netns exec $s "$java" -cp "$jar" dev.palisade.bench.ModbusLoad server 198.51.100.1 502 > /tmp/plqb-server.log 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q listening /tmp/plqb-server.log 2>/dev/null && break; sleep 0.2; done

forwarded() {
  ip netns exec $g iptables-nft -t filter -L FORWARD -v -x -n | awk 'NR == 3 {print $1}'
}

measure() {   # prints "transactions/s forwarded-packets/s"
  local before after tps
  before=$(forwarded)
  tps=$(ip netns exec $c "$java" -cp "$jar" dev.palisade.bench.ModbusLoad client 198.51.100.1 502 "$conns" "$depth" "$secs" \
      | awk '/^result/ {print $2}')
  after=$(forwarded)
  echo "${tps:-0} $(( (after - before) / secs ))"
}

run_queue() {   # label, java args...
  local label="$1"; shift
  ip netns exec $g iptables-nft -t mangle -A PREROUTING -p tcp --dport 502 -j NFQUEUE --queue-num 0
  ip netns exec $g iptables-nft -t mangle -A PREROUTING -p tcp --sport 502 -j NFQUEUE --queue-num 0
  # PALISADE_BENCH_JAVA_OPTS: e.g. a JFR recording of the consumer
  ip netns exec $g "$java" --enable-native-access=ALL-UNNAMED ${PALISADE_BENCH_JAVA_OPTS:-} -cp "$jar" dev.palisade.bench.NfqueueAcceptLoop \
      --seconds $((secs + warmup + 6)) "$@" > "$log" 2>&1 &
  loop_pid=$!
  sleep 2
  # warm-up traffic, not measured: the consumer's JIT compiles its path (a fresh JVM per line)
  ip netns exec $c "$java" -cp "$jar" dev.palisade.bench.ModbusLoad client 198.51.100.1 502 "$conns" "$depth" "$warmup" >/dev/null
  local rate; rate=($(measure))
  last_tps="${rate[0]}"
  wait "$loop_pid" || { cat "$log" >&2; exit 1; }
  loop_pid=
  ip netns exec $g iptables-nft -t mangle -F PREROUTING
  printf '%-48s %9s transactions/s %9s forwarded pkt/s   (%s)\n' "$label" "${rate[0]}" "${rate[1]}" \
      "$(grep -E 'kernel queue|protector:' "$log" | tr '\n' ' ')"
}

line() { printf '%-48s %9s transactions/s %9s forwarded pkt/s\n' "$1" "$2" "$3"; }

echo "Modbus/TCP read holding registers, $conns connections x $depth outstanding, ${secs}s per line, $rounds rounds"
k=($(measure)); line "kernel forwarding alone" "${k[0]}" "${k[1]}"
accept=(); ips=()
for r in $(seq "$rounds"); do
  run_queue "round $r: NFQUEUE, accept everything, batch 32" --mode accept --batch 32
  accept+=("$last_tps")
  run_queue "round $r: NFQUEUE, engine + Network Protector, batch 32" --mode ips --batch 32 --lan "$lan" --wan "$wan"
  ips+=("$last_tps")
done
k=($(measure)); line "kernel forwarding alone (again)" "${k[0]}" "${k[1]}"
python3 - "${accept[*]}" "${ips[*]}" <<'PY'
import statistics, sys
a = [int(x) for x in sys.argv[1].split()]
i = [int(x) for x in sys.argv[2].split()]
ma, mi = statistics.median(a), statistics.median(i)
ratios = sorted(y / x for x, y in zip(a, i) if x)
print("median accept-everything %d transactions/s, median IPS %d transactions/s: IPS at %.0f %% of accept-everything "
      "(per round: %s)" % (ma, mi, 100 * mi / ma, ", ".join("%.0f %%" % (100 * r) for r in ratios)))
PY
