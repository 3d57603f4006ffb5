#!/usr/bin/env python3
"""Dev-time check of the MQTT engine's EVE output against suricata-verify cases.

For every mqtt* case under SV_DIR (default ../shared/conformance/suricata-verify), runs the case's
capture through dev.palisade.ips.mqtt.MqttEveDump (a test-scope main class of palisade-ips, with
the case's max-msg-length, string-log-limit and midstream settings) and evaluates the test.yaml
filter checks whose match names event_type mqtt or anomaly. Checks on alerts, frames and flows
belong to the rule matcher and the engine and are reported as skipped. Build first:
  mvn -q -pl palisade-ips -am test-compile
usage: scripts/conformance/mqtt-eve-check.py [SV_DIR] [-v]
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")


def classpath():
    m2 = os.path.expanduser("~/.m2/repository/tools/jackson/core/jackson-core")
    jars = sorted(glob.glob(m2 + "/3.*/jackson-core-3.*.jar"))
    parts = [os.path.join(ROOT, p) for p in ("palisade-ips/target/classes", "palisade-ips/target/test-classes",
                                             "palisade-dataplane/target/classes")]
    return ":".join(parts + jars[-1:])


def lookup(record, dotted):
    cur = record
    for part in dotted.split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return KeyError
    return cur


def matches(record, match):
    for key, want in match.items():
        if key == "has-key":
            if lookup(record, want) is KeyError:
                return False
            continue
        got = lookup(record, key)
        if got is KeyError or not (got == want or str(got) == str(want)):
            return False
    return True


def settings(case):
    opts = []
    path = os.path.join(case, "suricata.yaml")
    conf = {}
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
        conf = yaml.safe_load(re.sub(r"^%YAML.*\n---\n", "", text)) or {}
    mqtt = (((conf.get("app-layer") or {}).get("protocols") or {}).get("mqtt") or {})
    if "max-msg-length" in mqtt:
        v = str(mqtt["max-msg-length"]).lower()
        mult = {"kb": 1024, "mb": 1024 * 1024}.get(v[-2:], 1)
        opts += ["--max-msg-length", str(int(v[:-2] if mult > 1 else v) * mult)]
    for out in conf.get("outputs") or []:
        for t in (out.get("eve-log") or {}).get("types") or []:
            if isinstance(t, dict) and "mqtt" in t and t["mqtt"] and "string-log-limit" in t["mqtt"]:
                limit = str(t["mqtt"]["string-log-limit"])
                if not limit.isdigit():
                    return None
                opts += ["--string-log-limit", limit]
    midstream = bool((conf.get("stream") or {}).get("midstream"))
    return opts + (["--midstream"] if midstream else [])


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv
    sv = args[0] if args else os.path.join(ROOT, "..", "shared", "conformance", "suricata-verify")
    cp = classpath()
    totals = {"pass": 0, "fail": 0, "skip": 0}
    for case in sorted(glob.glob(os.path.join(sv, "mqtt*"))):
        with open(os.path.join(case, "test.yaml")) as f:
            test = yaml.safe_load(f)
        pcap = test.get("pcap")
        pcap = os.path.join(case, pcap) if pcap else (glob.glob(os.path.join(case, "*.pcap")) or [None])[0]
        opts = settings(case)
        if " ".join(test.get("args") or []).find("stream.midstream=true") >= 0:
            opts = (opts or []) + ["--midstream"]
        name = os.path.basename(case)
        if pcap is None or opts is None:
            print(f"{name}: not applicable (no capture or a configuration-error case)")
            continue
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run([JAVA, "-cp", cp, "dev.palisade.ips.mqtt.MqttEveDump", pcap, out.name] + opts, check=True)
            with open(out.name) as f:
                records = [json.loads(line) for line in f if line.strip()]
        results = []
        for check in test.get("checks") or []:
            flt = check.get("filter")
            if not flt or (flt.get("match") or {}).get("event_type") not in ("mqtt", "anomaly"):
                results.append("skip")
                continue
            n = sum(1 for r in records if matches(r, flt.get("match") or {}))
            ok = n == flt.get("count")
            results.append("pass" if ok else "fail")
            if not ok:
                print(f"  {name}: expected {flt.get('count')} got {n}: {json.dumps(flt.get('match'))[:400]}")
        for r in results:
            totals[r] += 1
        print(f"{name}: {results.count('pass')} pass, {results.count('fail')} fail, {results.count('skip')} skipped (alert/frame/flow)")
        if verbose:
            for r in records:
                print("    " + json.dumps(r)[:300])
    print(f"total: {totals['pass']} pass, {totals['fail']} fail, {totals['skip']} skipped")
    return 1 if totals["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
