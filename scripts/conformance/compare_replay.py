#!/usr/bin/env python3
"""Compares a `palisade replay` run with an expected result in the layout of
../shared/conformance/replay-example: expected-verdicts.jsonl (index, verdict, stage, rule,
egress; more fields in the actual output are allowed) and expected-forwarded.jsonl (egress,
src, dst, sport, dport, ttl of each frame sent, in order). The sent frames are read with tshark,
which also checks the IPv4, TCP, UDP and ICMP checksums independently of Palisade.

usage: compare_replay.py EXPECTED_DIR VERDICTS.jsonl OUT.pcapng
"""
import json
import subprocess
import sys

FIELDS = ("index", "verdict", "stage", "rule", "egress")


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sent_frames(pcapng):
    cols = ["frame.interface_name", "ip.src", "ip.dst", "tcp.srcport", "udp.srcport", "tcp.dstport",
            "udp.dstport", "ip.ttl", "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status",
            "icmp.checksum.status"]
    cmd = ["tshark", "-r", pcapng, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
           "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "occurrence=f"]
    for c in cols:
        cmd += ["-e", c]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    frames = []
    for line in out.splitlines():
        v = line.split("\t")
        v += [""] * (len(cols) - len(v))
        bad = [name for name, s in zip(("ip", "tcp", "udp", "icmp"), v[8:12]) if s not in ("", "1", "2")]
        frames.append({
            "egress": v[0], "src": v[1], "dst": v[2],
            "sport": int(v[3] or v[4]) if (v[3] or v[4]) else None,
            "dport": int(v[5] or v[6]) if (v[5] or v[6]) else None,
            "ttl": int(v[7]) if v[7] else None,
            "bad_checksums": bad,
        })
    return frames


def main():
    expected_dir, verdicts_path, out_path = sys.argv[1:4]
    failures = []
    expected = load_jsonl(f"{expected_dir}/expected-verdicts.jsonl")
    actual = load_jsonl(verdicts_path)
    if len(expected) != len(actual):
        failures.append(f"verdict lines: expected {len(expected)}, got {len(actual)}")
    for e, a in zip(expected, actual):
        want = {k: e.get(k) for k in FIELDS}
        got = {k: a.get(k) for k in FIELDS}
        if want != got:
            failures.append(f"packet {e.get('index')}: expected {want}, got {got}")
    expected_sent = load_jsonl(f"{expected_dir}/expected-forwarded.jsonl")
    sent = sent_frames(out_path)
    if len(expected_sent) != len(sent):
        failures.append(f"sent frames: expected {len(expected_sent)}, got {len(sent)}")
    for i, (e, a) in enumerate(zip(expected_sent, sent), 1):
        want = {k: e.get(k) for k in ("egress", "src", "dst", "sport", "dport", "ttl")}
        got = {k: a[k] for k in want}
        if want != got:
            failures.append(f"sent frame {i} (input {e.get('input_index')}): expected {want}, got {got}")
        if a["bad_checksums"]:
            failures.append(f"sent frame {i}: bad {', '.join(a['bad_checksums'])} checksum")
    for f in failures:
        print("FAIL " + f)
    print(f"{len(actual)} verdicts, {len(sent)} sent frames: "
          + ("all as expected" if not failures else f"{len(failures)} differences"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
