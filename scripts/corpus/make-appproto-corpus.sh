#!/usr/bin/env bash
# Regenerates the application-protocol detection corpus (issue 3) used by palisade-dataplane:
# palisade-dataplane/src/test/resources/appproto-corpus/<name>.pcap plus labels.tsv.
#
# Two throwaway network namespaces, pcor-cli (10.99.0.1) and pcor-srv (10.99.0.2), joined by a
# veth pair. Real servers run as private processes in pcor-srv (their configuration, spool,
# keys and logs live in a temporary directory), real clients run in pcor-cli, and every
# exchange is captured on its own by tcpdump on the client's veth: one pcap per TCP flow.
# Target protocols run on their standard port and on a non-standard one; non-target traffic
# (TLS to other ports, SSH on 22 and 80, DNS over TCP, random binary on 80, a bulk transfer)
# is there to catch false positives. See scripts/corpus/README.md.
#
# Usage: sudo scripts/corpus/make-appproto-corpus.sh [OUT_DIR]
# Needs root. Installs missing Debian packages with apt-get (the only persistent change).
# Everything else it creates (namespaces, processes, temp files, /run/sshd if it was absent)
# is removed on exit, also on failure.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
out_dir=${1:-$repo_root/palisade-dataplane/src/test/resources/appproto-corpus}

if [[ $(id -u) -ne 0 ]]; then
  echo "must run as root (creates network namespaces, installs packages)" >&2
  exit 1
fi

# Debian's interpreter, not whatever python3 comes first on PATH (pyenv, venvs): the Python
# servers and clients below come from Debian packages (python3-pyftpdlib, python3-pymodbus).
PY=/usr/bin/python3
CLI=pcor-cli
SRV=pcor-srv
CLI_IP=10.99.0.1
SRV_IP=10.99.0.2
# Clients must talk to the namespace peer directly, never through a proxy from the environment.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ftp_proxy FTP_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

# ---------------------------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------------------------
ensure_packages() {
  local -a missing=()
  local spec cmd pkg
  # "test:package" pairs; a test is an executable path or py:<module> for Debian's python3.
  for spec in \
      /usr/sbin/ip:iproute2 /usr/sbin/ethtool:ethtool /usr/bin/tcpdump:tcpdump \
      /usr/bin/tshark:tshark /usr/bin/curl:curl /usr/bin/python3:python3 \
      /usr/bin/openssl:openssl /usr/bin/socat:socat /usr/bin/dig:dnsutils \
      /usr/sbin/dnsmasq:dnsmasq-base /usr/sbin/mosquitto:mosquitto \
      /usr/bin/mosquitto_pub:mosquitto-clients /usr/bin/lftp:lftp \
      /usr/sbin/postfix:postfix /usr/bin/swaks:swaks \
      /usr/sbin/dovecot:dovecot-core /usr/lib/dovecot/imap:dovecot-imapd \
      /usr/lib/dovecot/pop3:dovecot-pop3d /usr/sbin/sshd:openssh-server \
      /usr/bin/ssh:openssh-client /usr/bin/ssh-keygen:openssh-client /usr/bin/mbpoll:mbpoll \
      py:pyftpdlib:python3-pyftpdlib py:serial:python3-serial \
      py:serial_asyncio:python3-serial-asyncio py:pymodbus:python3-pymodbus; do
    if [[ $spec == py:* ]]; then
      spec=${spec#py:}
      cmd=${spec%%:*}
      pkg=${spec#*:}
      [[ -x $PY ]] && $PY -c "import $cmd" 2>/dev/null && continue
    else
      cmd=${spec%%:*}
      pkg=${spec#*:}
      [[ -x $cmd ]] && continue
    fi
    missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "installing from Debian: ${missing[*]}" >&2
  # Postfix must not write a host configuration or pick a mailer type interactively: the
  # instance used here has its own main.cf in the temp directory.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  # Do not let the packages' maintainer scripts start host services (sshd, dovecot, postfix,
  # mosquitto) during the install; only a policy file we created ourselves is removed again.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  apt-get update -qq || rc=$?
  ((rc == 0)) && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || rc=$?; }
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  return $rc
}
ensure_packages

# ---------------------------------------------------------------------------------------------
# Cleanup
# ---------------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/pcor.XXXXXX)
# Daemons that drop privileges (dovecot, postfix, mosquitto) must reach their files in here.
chmod 755 "$work"
pids=()
made_run_sshd=0

kill_ns_processes() {
  local ns=$1 pid
  ip netns list 2>/dev/null | grep -qw "^$ns" || return 0
  for pid in $(ip netns pids "$ns" 2>/dev/null); do
    kill "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in $(ip netns pids "$ns" 2>/dev/null); do
    kill -9 "$pid" 2>/dev/null || true
  done
}

cleanup() {
  local pid ns
  set +e
  if [[ -f $work/postfix/etc/main.cf ]] && ip netns list | grep -qw "^$SRV"; then
    ip netns exec "$SRV" postfix -c "$work/postfix/etc" stop >/dev/null 2>&1
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  # Whatever is still running in our namespaces was started by this script (postfix's
  # daemonised master and children, dovecot's helpers): end those processes by id.
  for ns in "$CLI" "$SRV"; do
    kill_ns_processes "$ns"
    ip netns del "$ns" 2>/dev/null
  done
  ((made_run_sshd)) && rmdir /run/sshd 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_cli() { ip netns exec "$CLI" "$@"; }
in_srv() { ip netns exec "$SRV" "$@"; }

# Starts a server in pcor-srv in the background; its pid is in $! for the caller (and in pids).
bg_srv() {
  local log=$1
  shift
  ip netns exec "$SRV" "$@" >>"$work/log/$log.log" 2>&1 &
  pids+=($!)
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

wait_port() {
  local port=$1 i
  for ((i = 0; i < 100; i++)); do
    [[ -n $(in_srv ss -Htln "sport = :$port") ]] && return 0
    sleep 0.1
  done
  echo "nothing listens on $SRV_IP:$port in $SRV; logs:" >&2
  tail -n 20 "$work"/log/*.log >&2 || true
  return 1
}

# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------
for ns in "$CLI" "$SRV"; do
  # A namespace left behind by an interrupted run is replaced (idempotence).
  kill_ns_processes "$ns"
  ip netns del "$ns" 2>/dev/null || true
done
for ns in "$CLI" "$SRV"; do
  ip netns add "$ns"
  # IPv6 off: no router solicitations or MLD in the way, and clients use IPv4 only.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip netns exec "$ns" ip link set lo up
done
ip link add eth0 netns "$CLI" address 02:00:0a:63:00:01 type veth \
  peer name eth0 netns "$SRV" address 02:00:0a:63:00:02
in_cli ip addr add "$CLI_IP/24" dev eth0
in_srv ip addr add "$SRV_IP/24" dev eth0
for ns in "$CLI" "$SRV"; do
  # No offloads: frames carry real checksums and at most MTU-sized segments, as on a wire.
  ip netns exec "$ns" ethtool -K eth0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
  ip netns exec "$ns" ip link set eth0 up
done
in_cli ping -c 1 -W 2 "$SRV_IP" >/dev/null 2>&1 || true   # resolves ARP before any capture

mkdir -p "$work/log" "$work/cap" "$work/www" "$work/ftp" "$work/dl"

# ---------------------------------------------------------------------------------------------
# Capture helpers
# ---------------------------------------------------------------------------------------------
labels=()
cap_pid=

# start_capture NAME PORT [COUNT]: one TCP flow to SRV_IP:PORT, full packets, on the client side.
start_capture() {
  local name=$1 port=$2 count=${3:-} i
  local -a args=(-i eth0 -n -s 0 -U --immediate-mode -Z root -w "$work/cap/$name.pcap")
  [[ -n $count ]] && args+=(-c "$count")
  ip netns exec "$CLI" tcpdump "${args[@]}" "tcp port $port and host $SRV_IP" \
    >"$work/log/tcpdump-$name.log" 2>&1 &
  cap_pid=$!
  pids+=("$cap_pid")
  for ((i = 0; i < 100; i++)); do
    grep -q "listening on" "$work/log/tcpdump-$name.log" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "tcpdump did not start for $name" >&2
  return 1
}

stop_capture() {
  # Let the last FIN/ACK cross the veth before ending the capture.
  sleep 0.5
  stop_pid "$cap_pid"
}

# flow NAME LABEL PORT DESCRIPTION [COUNT] -- CLIENT COMMAND...: captures one exchange.
flow() {
  local name=$1 label=$2 port=$3 desc=$4 count=
  shift 4
  if [[ $1 != -- ]]; then count=$1; shift; fi
  shift
  echo "== $name ($label, port $port)" >&2
  start_capture "$name" "$port" "$count"
  timeout 30 ip netns exec "$CLI" "$@" >>"$work/log/client-$name.log" 2>&1 || {
    local rc=$?
    # A bulk transfer cut short by its own capture limit is expected to end the client.
    if [[ -z $count ]]; then
      echo "client for $name failed (rc $rc):" >&2
      tail -n 20 "$work/log/client-$name.log" >&2
      return 1
    fi
  }
  stop_capture
  labels+=("$name.pcap"$'\t'"$label"$'\t'"$port"$'\t'"$desc")
}

deb_ver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null | sed 's/^[0-9]*://; s/[-+~].*$//'; }
v_curl=$(deb_ver curl)
v_py=$($PY -c 'import platform; print(platform.python_version())')
v_openssl=$(deb_ver openssl)
v_mosq=$(deb_ver mosquitto)
v_pyftpd=$(deb_ver python3-pyftpdlib)
v_lftp=$(deb_ver lftp)
v_postfix=$(deb_ver postfix)
v_swaks=$(deb_ver swaks)
v_dovecot=$(deb_ver dovecot-core)
v_pymodbus=$(deb_ver python3-pymodbus)
v_mbpoll=$(deb_ver mbpoll)
v_ssh=$(deb_ver openssh-server)
v_dnsmasq=$(deb_ver dnsmasq-base)
v_dig=$(deb_ver bind9-dnsutils)
v_socat=$(deb_ver socat)

# ---------------------------------------------------------------------------------------------
# Shared material
# ---------------------------------------------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -subj /CN=srv.corpus.test -addext subjectAltName=IP:$SRV_IP,DNS:srv.corpus.test \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
chmod 644 "$work/tls.key" "$work/tls.crt"
cat >"$work/www/index.html" <<'EOF'
<!doctype html>
<html><head><title>Palisade corpus</title></head>
<body><p>Application-protocol detection corpus: a small page served over HTTP.</p></body></html>
EOF
printf 'Palisade corpus file served over FTP.\n' >"$work/ftp/hello.txt"
cat >"$work/mail.txt" <<'EOF'
From: Corpus Client <client@cli.corpus.test>
To: Corpus Server <user@corpus.test>
Subject: Palisade corpus message

A short message for the application-protocol detection corpus.
EOF

# ---------------------------------------------------------------------------------------------
# HTTP: Python http.server, curl (HTTP/1.1 and HTTP/2 cleartext prior knowledge)
# ---------------------------------------------------------------------------------------------
for port in 80 8081; do
  bg_srv "http-$port" "$PY" -m http.server "$port" --bind "$SRV_IP" --directory "$work/www"
  srv=$!
  wait_port "$port"
  flow "http-$port-curl" http "$port" "curl $v_curl GET (HTTP/1.1) to python3 $v_py http.server" -- \
    curl -sS -o /dev/null "http://$SRV_IP:$port/index.html"
  if [[ $port == 8081 ]]; then
    # The HTTP/2 connection preface; http.server answers it with 505, which is what a
    # HTTP/1-only origin does.
    flow "http2-prior-knowledge-8081-curl" http "$port" \
      "curl $v_curl --http2-prior-knowledge (h2c preface) to python3 $v_py http.server (505)" -- \
      sh -c "curl -sS -o /dev/null --http2-prior-knowledge http://$SRV_IP:$port/index.html || true"
  fi
  stop_pid "$srv"
done

# ---------------------------------------------------------------------------------------------
# HTTPS / TLS: openssl s_server with ALPN, curl and openssl s_client
# ---------------------------------------------------------------------------------------------
for port in 443 8443; do
  # The server selects http/1.1 (it serves HTTP/1.0 pages with -www); curl offers h2,http/1.1.
  bg_srv "tls-$port" openssl s_server -quiet -accept "$SRV_IP:$port" -cert "$work/tls.crt" \
    -key "$work/tls.key" -alpn http/1.1 -www
  srv=$!
  wait_port "$port"
  flow "https-alpn-$port-curl" http "$port" \
    "curl $v_curl HTTPS, ClientHello ALPN h2+http/1.1, to openssl $v_openssl s_server -www" -- \
    curl -sS -k -o /dev/null "https://$SRV_IP:$port/"
  if [[ $port == 443 ]]; then
    flow "tls-noalpn-443-openssl" http "$port" \
      "openssl $v_openssl s_client, no ALPN, no SNI, GET inside TLS, to openssl s_server (HTTPS by port 443)" -- \
      sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client -quiet -connect $SRV_IP:$port -ign_eof >/dev/null 2>&1 || true"
  fi
  stop_pid "$srv"
done
# TLS with an ALPN that is neither h2 nor http/1.1, to a non-HTTPS port.
bg_srv tls-4433 openssl s_server -quiet -accept "$SRV_IP:4433" -cert "$work/tls.crt" \
  -key "$work/tls.key" -alpn imap -rev
srv=$!
wait_port 4433
flow "tls-alpn-imap-4433-openssl" none 4433 \
  "openssl $v_openssl s_client ALPN imap to openssl s_server -rev (not HTTP)" -- \
  sh -c "(printf 'corpus line\n'; sleep 1) | openssl s_client -quiet -no_ign_eof -connect $SRV_IP:4433 -alpn imap >/dev/null 2>&1 || true"
stop_pid "$srv"

# ---------------------------------------------------------------------------------------------
# MQTT: mosquitto broker, mosquitto_pub (protocol levels 3, 4, 5; plain and over TLS)
# ---------------------------------------------------------------------------------------------
cat >"$work/mosquitto.conf" <<EOF
per_listener_settings false
allow_anonymous true
persistence false
log_dest stderr
listener 1883 $SRV_IP
listener 8080 $SRV_IP
listener 8883 $SRV_IP
certfile $work/tls.crt
keyfile $work/tls.key
EOF
bg_srv mosquitto mosquitto -c "$work/mosquitto.conf"
srv=$!
wait_port 1883
wait_port 8080
wait_port 8883
mq=(mosquitto_pub -h "$SRV_IP" -t corpus/temperature -m 21.5 -q 1)
flow "mqtt-v311-1883-mosquitto" mqtt 1883 \
  "mosquitto_pub $v_mosq -V mqttv311 (level 4) QoS 1 to mosquitto $v_mosq" -- \
  "${mq[@]}" -p 1883 -V mqttv311 -i corpus-v311
flow "mqtt-v31-1883-mosquitto" mqtt 1883 \
  "mosquitto_pub $v_mosq -V mqttv31 (MQIsdp level 3) QoS 1 to mosquitto $v_mosq" -- \
  "${mq[@]}" -p 1883 -V mqttv31 -i corpus-v31
flow "mqtt-v311-8080-mosquitto" mqtt 8080 \
  "mosquitto_pub $v_mosq -V mqttv311 (level 4) QoS 1 to mosquitto $v_mosq on 8080" -- \
  "${mq[@]}" -p 8080 -V mqttv311 -i corpus-alt
flow "mqtt-v5-8080-mosquitto" mqtt 8080 \
  "mosquitto_pub $v_mosq -V mqttv5 (level 5) QoS 1 to mosquitto $v_mosq on 8080" -- \
  "${mq[@]}" -p 8080 -V mqttv5 -i corpus-v5
flow "tls-noalpn-8883-mqtts" none 8883 \
  "mosquitto_pub $v_mosq MQTT over TLS, no ALPN, to mosquitto $v_mosq (TLS to a non-443 port)" -- \
  "${mq[@]}" -p 8883 -V mqttv311 -i corpus-tls --cafile "$work/tls.crt" --insecure
flow "tls-alpn-mqtt-8883-mqtts" none 8883 \
  "mosquitto_pub $v_mosq MQTT over TLS, ALPN mqtt, to mosquitto $v_mosq" -- \
  "${mq[@]}" -p 8883 -V mqttv311 -i corpus-alpn --cafile "$work/tls.crt" --insecure --tls-alpn mqtt
stop_pid "$srv"

# ---------------------------------------------------------------------------------------------
# FTP: pyftpdlib (anonymous, read-only), lftp and curl. Only the control connection is
# captured; the passive data connections are separate flows.
# ---------------------------------------------------------------------------------------------
bg_srv ftp-21 "$PY" -m pyftpdlib -i "$SRV_IP" -p 21 -d "$work/ftp"
srv21=$!
bg_srv ftp-2121 "$PY" -m pyftpdlib -i "$SRV_IP" -p 2121 -d "$work/ftp"
srv2121=$!
wait_port 21
wait_port 2121
flow "ftp-21-lftp" ftp 21 \
  "lftp $v_lftp anonymous: FEAT, AUTH TLS refused, LIST, RETR, to pyftpdlib $v_pyftpd (control connection)" -- \
  lftp -c "set net:max-retries 1; set net:timeout 5; set cmd:at-exit ''; open -u anonymous,corpus@ ftp://$SRV_IP:21; ls; get -O $work/dl hello.txt; bye"
flow "ftp-2121-curl" ftp 2121 \
  "curl $v_curl ftp:// anonymous RETR to pyftpdlib $v_pyftpd (control connection)" -- \
  curl -sS -o /dev/null "ftp://$SRV_IP:2121/hello.txt"
stop_pid "$srv21"
stop_pid "$srv2121"

# ---------------------------------------------------------------------------------------------
# SMTP: a private Postfix instance (its own main.cf/master.cf, queue and log in the temp
# directory; mail to corpus.test is accepted and discarded), swaks and curl as clients.
# ---------------------------------------------------------------------------------------------
pf=$work/postfix
mkdir -p "$pf/etc" "$pf/spool" "$pf/data"
chown postfix "$pf/data"
cp /etc/postfix/master.cf "$pf/etc/master.cf" 2>/dev/null || cp /usr/share/postfix/master.cf.dist "$pf/etc/master.cf"
cat >"$pf/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $pf/spool
data_directory = $pf/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.corpus.test
mydomain = corpus.test
myorigin = corpus.test
inet_interfaces = $SRV_IP
inet_protocols = ipv4
mydestination =
local_recipient_maps =
relay_domains = corpus.test
relay_transport = discard:
mynetworks = 10.99.0.0/24
alias_maps =
alias_database =
smtpd_peername_lookup = no
disable_dns_lookups = yes
maillog_file_prefixes = $work
maillog_file = $pf/maillog
biff = no
EOF
postconf -c "$pf/etc" -F '*/*/chroot = n'
postconf -c "$pf/etc" -M "2525/inet=2525 inet n - n - - smtpd"
# postfix(1) reports only to syslog when stderr is not a terminal; its own log file has it all.
in_srv postfix -c "$pf/etc" start >>"$work/log/postfix.log" 2>&1 || { cat "$pf/maillog" >&2; exit 1; }
wait_port 25
wait_port 2525
flow "smtp-25-swaks" smtp 25 \
  "swaks $v_swaks EHLO/MAIL/RCPT/DATA to Postfix $v_postfix" -- \
  swaks --silent 2 --helo cli.corpus.test --from client@cli.corpus.test --to user@corpus.test \
    --server "$SRV_IP" --port 25 --data "$work/mail.txt"
flow "smtp-2525-curl" smtp 2525 \
  "curl $v_curl smtp:// EHLO/MAIL/RCPT/DATA to Postfix $v_postfix on 2525" -- \
  curl -sS "smtp://$SRV_IP:2525/cli.corpus.test" --mail-from client@cli.corpus.test --mail-rcpt user@corpus.test \
    --upload-file "$work/mail.txt"
flow "smtp-2525-swaks-helo" smtp 2525 \
  "swaks $v_swaks plain SMTP (HELO, not EHLO) MAIL/RCPT/DATA to Postfix $v_postfix on 2525" -- \
  swaks --silent 2 --protocol SMTP --helo cli.corpus.test --from client@cli.corpus.test \
    --to user@corpus.test --server "$SRV_IP" --port 2525 --data "$work/mail.txt"
in_srv postfix -c "$pf/etc" stop >>"$work/log/postfix.log" 2>&1 || true

# ---------------------------------------------------------------------------------------------
# IMAP and POP3: a private Dovecot instance (own config, base_dir, state and mail in the temp
# directory; one user with one message), curl and Python imaplib/poplib as clients.
# ---------------------------------------------------------------------------------------------
dv=$work/dovecot
mkdir -p "$dv/run" "$dv/state" "$dv/home/corpus" "$dv/mail/corpus/new" "$dv/mail/corpus/cur" "$dv/mail/corpus/tmp"
cp "$work/mail.txt" "$dv/mail/corpus/new/1700000000.corpus.srv"
chown -R nobody:nogroup "$dv/home" "$dv/mail"
printf 'corpus:{PLAIN}corpus-pass\n' >"$dv/users"
chmod 644 "$dv/users"
cat >"$dv/dovecot.conf" <<EOF
instance_name = pcor-dovecot
base_dir = $dv/run
state_dir = $dv/state
listen = $SRV_IP
protocols = imap pop3
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = $dv/dovecot.log
mail_location = maildir:$dv/mail/%u
first_valid_uid = 1
pop3_uidl_format = %08Xu%08Xv
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dv/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dv/home/%u
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imap_alt {
    port = 1143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3_alt {
    port = 1110
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
bg_srv dovecot dovecot -F -c "$dv/dovecot.conf"
srv=$!
for port in 143 1143 110 1110; do wait_port "$port"; done
cat >"$work/imap_client.py" <<'EOF'
import imaplib, sys
m = imaplib.IMAP4(sys.argv[1], int(sys.argv[2]))
m.login("corpus", "corpus-pass")
m.select("INBOX")
m.fetch("1", "(RFC822)")
m.logout()
EOF
cat >"$work/pop3_client.py" <<'EOF'
import poplib, sys
p = poplib.POP3(sys.argv[1], int(sys.argv[2]))
p.user("corpus")
p.pass_("corpus-pass")
p.stat()
p.retr(1)
p.quit()
EOF
flow "imap-143-curl" imap 143 \
  "curl $v_curl imap:// LOGIN, SELECT, FETCH to Dovecot $v_dovecot" -- \
  curl -sS -o /dev/null --user corpus:corpus-pass "imap://$SRV_IP:143/INBOX;UID=1"
flow "imap-1143-python" imap 1143 \
  "python3 $v_py imaplib LOGIN, SELECT, FETCH to Dovecot $v_dovecot on 1143" -- \
  "$PY" "$work/imap_client.py" "$SRV_IP" 1143
flow "pop3-110-curl" pop3 110 \
  "curl $v_curl pop3:// USER/PASS, RETR to Dovecot $v_dovecot" -- \
  curl -sS -o /dev/null --user corpus:corpus-pass "pop3://$SRV_IP:110/1"
flow "pop3-1110-python" pop3 1110 \
  "python3 $v_py poplib USER/PASS, STAT, RETR to Dovecot $v_dovecot on 1110" -- \
  "$PY" "$work/pop3_client.py" "$SRV_IP" 1110
stop_pid "$srv"

# ---------------------------------------------------------------------------------------------
# Modbus/TCP: pymodbus server; mbpoll and a pymodbus client
# ---------------------------------------------------------------------------------------------
cat >"$work/modbus_server.py" <<'EOF'
import logging, sys
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer
logging.basicConfig(level=logging.WARNING)
store = ModbusSlaveContext(
    di=ModbusSequentialDataBlock(0, [0, 1] * 50),
    co=ModbusSequentialDataBlock(0, [1, 0] * 50),
    hr=ModbusSequentialDataBlock(0, list(range(100))),
    ir=ModbusSequentialDataBlock(0, list(range(100, 200))),
)
StartTcpServer(context=ModbusServerContext(slaves=store, single=True),
               address=(sys.argv[1], int(sys.argv[2])))
EOF
cat >"$work/modbus_client.py" <<'EOF'
import sys
from pymodbus.client import ModbusTcpClient
c = ModbusTcpClient(sys.argv[1], port=int(sys.argv[2]), timeout=5)
assert c.connect()
for r in (c.read_holding_registers(0, 10, slave=1), c.read_input_registers(0, 4, slave=1),
          c.read_coils(0, 8, slave=1), c.write_register(5, 1234, slave=1)):
    assert not r.isError(), r
c.close()
EOF
bg_srv modbus-502 "$PY" "$work/modbus_server.py" "$SRV_IP" 502
srv502=$!
bg_srv modbus-5020 "$PY" "$work/modbus_server.py" "$SRV_IP" 5020
srv5020=$!
wait_port 502
wait_port 5020
flow "modbus-502-mbpoll" modbus 502 \
  "mbpoll $v_mbpoll one poll of 10 holding registers (FC 3) to pymodbus $v_pymodbus server" -- \
  mbpoll -m tcp -a 1 -t 4 -r 1 -c 10 -1 -p 502 "$SRV_IP"
flow "modbus-5020-pymodbus" modbus 5020 \
  "pymodbus $v_pymodbus client FC 3, 4, 1, 6 to pymodbus $v_pymodbus server on 5020" -- \
  "$PY" "$work/modbus_client.py" "$SRV_IP" 5020
stop_pid "$srv502"
stop_pid "$srv5020"

# ---------------------------------------------------------------------------------------------
# Non-targets
# ---------------------------------------------------------------------------------------------
# SSH: a private sshd (own config and host key, key login as root running `true`) on 22 and 80.
mkdir -p "$work/ssh"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/client_key"
cp "$work/ssh/client_key.pub" "$work/ssh/authorized_keys"
cat >"$work/ssh/sshd_config" <<EOF
ListenAddress $SRV_IP
Port 22
Port 80
HostKey $work/ssh/host_key
PidFile $work/ssh/sshd.pid
AuthorizedKeysFile $work/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
EOF
if [[ ! -d /run/sshd ]]; then
  mkdir -m 755 /run/sshd   # sshd's privilege-separation directory; removed again on exit
  made_run_sshd=1
fi
bg_srv sshd /usr/sbin/sshd -D -e -f "$work/ssh/sshd_config"
srv=$!
wait_port 22
wait_port 80
for port in 22 80; do
  flow "ssh-$port-openssh" none "$port" \
    "OpenSSH $v_ssh ssh publickey login running 'true', to a private sshd" -- \
    ssh -F /dev/null -i "$work/ssh/client_key" -o UserKnownHostsFile=/dev/null \
      -o StrictHostKeyChecking=no -o BatchMode=yes -o LogLevel=ERROR -p "$port" "root@$SRV_IP" true
done
stop_pid "$srv"

# DNS over TCP: dnsmasq answering for corpus.test, dig +tcp.
bg_srv dnsmasq dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
  --listen-address="$SRV_IP" --port=53 --address=/corpus.test/$SRV_IP \
  --pid-file="$work/dnsmasq.pid" --log-facility=-
srv=$!
wait_port 53
flow "dns-tcp-53-dig" none 53 "dig $v_dig +tcp A query to dnsmasq $v_dnsmasq" -- \
  dig +tcp +tries=1 +time=5 "@$SRV_IP" www.corpus.test A
stop_pid "$srv"

# Random binary on port 80: 1 KiB from /dev/urandom, echoed back by socat.
head -c 1024 /dev/urandom >"$work/random.bin"
bg_srv random-80 socat -T 3 "TCP-LISTEN:80,bind=$SRV_IP,reuseaddr" PIPE
srv=$!
wait_port 80
flow "random-80-socat" none 80 "socat $v_socat: 1 KiB of /dev/urandom to port 80, echoed back" -- \
  socat -t 1 -T 3 "OPEN:$work/random.bin" "TCP:$SRV_IP:80"
stop_pid "$srv"

# Bulk transfer: 32 MiB of random data from server to client, capture cut after 30 packets.
head -c 33554432 /dev/urandom >"$work/bulk.bin"
bg_srv bulk-9000 socat -u "OPEN:$work/bulk.bin" "TCP-LISTEN:9000,bind=$SRV_IP,reuseaddr"
srv=$!
wait_port 9000
flow "bulk-9000-socat" none 9000 \
  "socat $v_socat 32 MiB random download, capture cut to the first 30 packets" 30 -- \
  socat -u "TCP:$SRV_IP:9000" OPEN:/dev/null
stop_pid "$srv"

# ---------------------------------------------------------------------------------------------
# Check and publish
# ---------------------------------------------------------------------------------------------
fail=0
for entry in "${labels[@]}"; do
  f=${entry%%$'\t'*}
  # Exactly one TCP conversation, and it starts with the client's SYN.
  convs=$(tshark -r "$work/cap/$f" -q -z conv,tcp 2>/dev/null | grep -c '<->' || true)
  syns=$(tshark -r "$work/cap/$f" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' 2>/dev/null | wc -l)
  synacks=$(tshark -r "$work/cap/$f" -Y 'tcp.flags.syn==1 && tcp.flags.ack==1' 2>/dev/null | wc -l)
  frames=$(tshark -r "$work/cap/$f" 2>/dev/null | wc -l)
  printf '%-36s frames %4d conversations %d syn %d syn-ack %d bytes %d\n' "$f" "$frames" \
    "$convs" "$syns" "$synacks" "$(stat -c %s "$work/cap/$f")" >&2
  if [[ $convs != 1 || $syns != 1 || $synacks != 1 ]]; then
    echo "  bad capture: $f" >&2
    fail=1
  fi
done
((fail == 0)) || exit 1

mkdir -p "$out_dir"
rm -f "$out_dir"/*.pcap "$out_dir/labels.tsv"
cp "$work"/cap/*.pcap "$out_dir/"
{
  printf '# file\tlabel\tserver_port\tdescription (made by scripts/corpus/make-appproto-corpus.sh)\n'
  printf '%s\n' "${labels[@]}"
} >"$out_dir/labels.tsv"
echo "wrote ${#labels[@]} captures ($(du -cb "$out_dir"/*.pcap | tail -n1 | cut -f1) bytes) and labels.tsv to $out_dir" >&2
