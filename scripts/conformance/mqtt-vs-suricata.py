#!/usr/bin/env python3
"""Dev-time comparison of the MQTT engine's EVE records with Suricata 7's, record by record.

For every mqtt* case capture under SV_DIR, runs `suricata -r` (with the case's suricata.yaml when
there is one, mqtt and anomaly records on) and dev.palisade.ips.mqtt.MqttEveDump with the same
settings, and compares the multiset of `mqtt` objects and of anomaly event names.
Needs /usr/bin/suricata and a test-compiled palisade-ips (see mqtt-eve-check.py).
usage: scripts/conformance/mqtt-vs-suricata.py [SV_DIR]
"""
import collections
import glob
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("check", os.path.join(HERE, "mqtt-eve-check.py"))
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)

YAML = """%YAML 1.1
---
outputs:
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve.json
      types:
        - mqtt:
            string-log-limit: {limit}
        - anomaly
app-layer:
  protocols:
    mqtt:
      enabled: yes
      max-msg-length: {maxlen}
stream:
  midstream: {midstream}
"""


def records(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def key(r):
    if r["event_type"] == "mqtt":
        return "mqtt " + json.dumps(r["mqtt"], sort_keys=True)
    return "anomaly " + r["anomaly"].get("event", "?")


def main():
    sv = sys.argv[1] if len(sys.argv) > 1 else os.path.join(check.ROOT, "..", "shared", "conformance", "suricata-verify")
    cp = check.classpath()
    seen = set()
    same = differ = 0
    for case in sorted(glob.glob(os.path.join(sv, "mqtt*"))):
        pcaps = glob.glob(os.path.join(case, "*.pcap"))
        opts = check.settings(case)
        if not pcaps or opts is None or os.path.realpath(pcaps[0]) in seen:
            continue
        seen.add(os.path.realpath(pcaps[0]))
        maxlen = opts[opts.index("--max-msg-length") + 1] if "--max-msg-length" in opts else "1mb"
        # Suricata 7 has no string-log-limit (it came with 8): compare unlimited output then.
        limit = opts[opts.index("--string-log-limit") + 1] if "--string-log-limit" in opts else None
        if limit is None:
            opts += ["--string-log-limit", str(2 ** 31 - 1)]
            limit = "1gb"
        midstream = "true" if "--midstream" in opts or "midstream" in case else "false"
        if midstream == "true" and "--midstream" not in opts:
            opts.append("--midstream")
        with tempfile.TemporaryDirectory() as tmp:
            conf = os.path.join(tmp, "suricata.yaml")
            with open(conf, "w") as f:
                f.write(YAML.format(limit=limit, maxlen=maxlen, midstream=midstream))
            subprocess.run(["suricata", "-r", pcaps[0], "-c", conf, "-l", tmp, "-k", "none",
                            "--set", "classification-file=/etc/suricata/classification.config",
                            "--set", "reference-config-file=/etc/suricata/reference.config"],
                           check=True, capture_output=True)
            theirs = collections.Counter(key(r) for r in records(os.path.join(tmp, "eve.json"))
                                         if r["event_type"] in ("mqtt", "anomaly"))
            out = os.path.join(tmp, "ours.json")
            subprocess.run([check.JAVA, "-cp", cp, "dev.palisade.ips.mqtt.MqttEveDump", pcaps[0], out] + opts, check=True)
            ours = collections.Counter(key(r) for r in records(out))
        name = os.path.basename(case)
        if ours == theirs:
            same += 1
            print(f"{name}: same {sum(ours.values())} records")
        else:
            differ += 1
            print(f"{name}: DIFFERENT")
            for k in (theirs - ours):
                print(f"   suricata only: {k[:300]}")
            for k in (ours - theirs):
                print(f"   palisade only: {k[:300]}")
    print(f"captures: {same} same, {differ} different")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
