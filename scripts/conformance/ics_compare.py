#!/usr/bin/env python3
"""Compares Suricata's and Palisade's EVE output on the public ICS captures, flow by flow.

For each capture NAME, reads SURICATA_DIR/NAME/eve.json and PALISADE_DIR/NAME/eve.json and counts,
per flow and key: `sid:N` (alert records of signature N) and `modbus` (modbus transaction records).
A flow is a connection's two endpoints, written client>server with the server being the side on
port 502 (both tools agree on which endpoints a connection has; Suricata can disagree on which is
the client, see docs/ips-modbus.md D2), so one line covers a connection whichever way each tool
turned it, and every flow record of the same endpoints (Suricata may end and restart a connection
on an idle timeout) adds up on that line.

Every count that differs must be listed in the documented-differences file with exactly these counts
and a reason naming a difference of docs/ips-modbus.md ("D2", "D2+D3"); a listed difference that
does not occur any more (agreement reached, or other counts) fails too, so the file stays exact.
Prints the per-capture agreement table (Markdown) and the differences; exit 0 when every difference
is documented, 1 otherwise, 2 on bad input.

usage: ics_compare.py --suricata DIR --palisade DIR --expected FILE --docs docs/ips-modbus.md
                      [--table OUT.md] CAPTURE_NAME...
"""
import argparse
import collections
import json
import os
import re
import sys

MODBUS_PORT = 502


def bad(message):
    """Bad input (unreadable EVE, malformed expected file): exit status 2."""
    print(message, file=sys.stderr)
    sys.exit(2)


def flow_label(rec):
    a = (rec.get("src_ip"), rec.get("src_port"))
    b = (rec.get("dest_ip"), rec.get("dest_port"))
    if a[1] == MODBUS_PORT and b[1] != MODBUS_PORT:
        client, server = b, a
    elif b[1] == MODBUS_PORT and a[1] != MODBUS_PORT:
        client, server = a, b
    else:
        client, server = sorted([a, b], key=str)
    return f"{client[0]}:{client[1]}>{server[0]}:{server[1]}"


def counts(path):
    """(flow, key) -> count, and (flow, key) -> distinct transactions alerted (alerts only)."""
    c = collections.Counter()
    txs = collections.defaultdict(set)
    if not os.path.isfile(path):
        bad(f"ics_compare: {path} not found")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                bad(f"ics_compare: {path}:{n}: not JSON: {e}")
            kind = rec.get("event_type")
            if kind == "alert":
                key = (flow_label(rec), f"sid:{rec['alert']['signature_id']}")
                c[key] += 1
                # A transaction is the tool's flow record and the transaction's id within it.
                tx = rec.get("modbus", {}).get("id", rec.get("tx_id"))
                txs[key].add((rec.get("flow_id"), tx))
            elif kind == "modbus":
                c[(flow_label(rec), "modbus")] += 1
    return c, txs


def read_expected(path, tags):
    """(capture, flow, key) -> (suricata, palisade, reason); exits 2 on a malformed line."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            where = f"{path}:{n}"
            if len(cols) != 6:
                bad(f"ics_compare: {where}: want 6 tab-separated columns "
                                 f"(capture, flow, key, suricata=N, palisade=N, reason), got {len(cols)}")
            cap, flow, key, s, p, reason = cols
            m1, m2 = re.fullmatch(r"suricata=(\d+)", s), re.fullmatch(r"palisade=(\d+)", p)
            if not m1 or not m2:
                bad(f"ics_compare: {where}: counts must read suricata=N and palisade=N")
            used = re.match(r"(D\d+(?:\+D\d+)*) ", reason)
            if not used:
                bad(f"ics_compare: {where}: the reason must start with the docs/ips-modbus.md "
                                 "difference(s) it rests on, e.g. 'D2 ...' or 'D2+D3 ...'")
            for tag in used.group(1).split("+"):
                if tag not in tags:
                    bad(f"ics_compare: {where}: {tag} is not a difference documented in docs/ips-modbus.md")
            if (cap, flow, key) in out:
                bad(f"ics_compare: {where}: {cap} {flow} {key} listed twice")
            out[(cap, flow, key)] = (int(m1.group(1)), int(m2.group(1)), reason)
    return out


def doc_tags(path):
    """The difference tags documented in docs/ips-modbus.md: headings '#### D<n>. ...'."""
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"^#### (D\d+)\.", f.read(), re.M))


def key_order(k):
    return (0, 0) if k == "modbus" else (1, int(k.split(":")[1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suricata", required=True)
    ap.add_argument("--palisade", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--table")
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()

    tags = doc_tags(a.docs)
    expected = read_expected(a.expected, tags)
    rows, unexpected, changed, seen = [], [], [], set()
    totals_s, totals_p = collections.Counter(), collections.Counter()
    for cap in a.captures:
        s, s_tx = counts(os.path.join(a.suricata, cap, "eve.json"))
        p, _ = counts(os.path.join(a.palisade, cap, "eve.json"))
        keys = sorted(set(s) | set(p), key=lambda fk: (fk[0], key_order(fk[1])))
        agree = documented = 0
        flows = {fk[0] for fk in keys}
        for fk in keys:
            flow, key = fk
            totals_s[(cap, key)] += s[fk]
            totals_p[(cap, key)] += p[fk]
            if s[fk] == p[fk]:
                agree += 1
                if (cap, flow, key) in expected:
                    seen.add((cap, flow, key))
                    changed.append(f"{cap}\t{flow}\t{key}\tnow agrees: suricata={s[fk]} palisade={p[fk]} "
                                   "(remove the line)")
                continue
            exp = expected.get((cap, flow, key))
            tx_note = ""
            if key.startswith("sid:") and len(s_tx[fk]) != s[fk]:
                tx_note = f" (Suricata: {len(s_tx[fk])} transactions)"
            line = f"{cap}\t{flow}\t{key}\tsuricata={s[fk]}\tpalisade={p[fk]}"
            if exp is None:
                unexpected.append(line + tx_note)
            else:
                seen.add((cap, flow, key))
                if exp[:2] != (s[fk], p[fk]):
                    changed.append(line + f"\tlisted as suricata={exp[0]} palisade={exp[1]}")
                else:
                    documented += 1
                    rows.append((cap, flow, key, s[fk], p[fk], exp[2], tx_note))
        print(f"{cap}: {len(flows)} flows, {len(keys)} counts compared, {agree} agree, "
              f"{documented} documented differences", file=sys.stderr)
        rows.append((cap, None, len(flows), len(keys), agree, documented, None))
    stale = [k for k in expected if k not in seen and k[0] in a.captures]
    for k in stale:
        changed.append("\t".join(k) + "\tlisted but no such count occurs any more (remove the line)")

    table = render(a.captures, rows, totals_s, totals_p)
    print(table)
    if a.table:
        with open(a.table + ".tmp", "w", encoding="utf-8") as f:
            f.write(table)
        os.replace(a.table + ".tmp", a.table)
    for line in unexpected:
        print("UNDOCUMENTED\t" + line, file=sys.stderr)
    for line in changed:
        print("STALE\t" + line, file=sys.stderr)
    if unexpected or changed:
        print(f"ics_compare: {len(unexpected)} undocumented differences, {len(changed)} stale entries in "
              f"{a.expected}", file=sys.stderr)
        return 1
    return 0


def render(captures, rows, totals_s, totals_p):
    out = ["| capture | flows | counts compared | agree | documented differences |",
           "|---|---|---|---|---|"]
    summary = {r[0]: r for r in rows if r[1] is None}
    for cap in captures:
        _, _, flows, n, agree, documented, _ = summary[cap]
        out.append(f"| {cap} | {flows} | {n} | {agree} | {documented} |")
    out += ["", "Totals per capture (Suricata 7 / Palisade):", "",
            "| capture | key | Suricata | Palisade |", "|---|---|---|---|"]
    for cap in captures:
        keys = sorted({k for (c, k) in totals_s if c == cap} | {k for (c, k) in totals_p if c == cap}, key=key_order)
        for k in keys:
            mark = "" if totals_s[(cap, k)] == totals_p[(cap, k)] else " ≠"
            out.append(f"| {cap} | {k} | {totals_s[(cap, k)]} | {totals_p[(cap, k)]}{mark} |")
    out += ["", "Documented differences (flow client>server; reasons in docs/ips-modbus.md):", "",
            "| capture | flow | key | Suricata | Palisade | reason |", "|---|---|---|---|---|---|"]
    for r in rows:
        if r[1] is not None:
            cap, flow, key, s, p, reason, tx_note = r
            out.append(f"| {cap} | {flow} | {key} | {s}{tx_note} | {p} | {reason} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
