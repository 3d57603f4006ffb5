#!/usr/bin/env python3
"""Generates palisade-audit/src/main/java/dev/palisade/audit/AuditEventType.java from the
specification's audit event tables (../shared/spec/audit-events.tsv): one enum constant per
distinct (event name, text); an event listed in both logs is one constant with both logs.
Constant names come from the event name (and, where one name has several texts, from words of
the text). Run from the project root:
    scripts/codegen/audit-catalog.py ../shared/spec/audit-events.tsv
The generated file is checked in; scripts/conformance/audit-catalog.sh checks it still matches."""
import re
import sys

SEVERITY = {"Informational": "INFORMATIONAL", "Warning": "WARNING", "Critical": "CRITICAL"}
LOG = {"firewall": "FIREWALL", "os": "OPERATING_SYSTEM"}
# Where one event name has several texts, the words that tell them apart.
DISAMBIGUATE = {
    "The administrator password for initial login is changed": "INITIAL_PASSWORD",
    "Password for user <user name> changed": "PASSWORD",
    "Certificate for user <user name> changed": "CERTIFICATE",
    "<user name> user name changed": "USER_NAME",
    "User <user name> authentication error: incorrect password": "INCORRECT_PASSWORD",
    "User <user name> authentication error: invalid certificate": "INVALID_CERTIFICATE",
    "User <user name> authentication error: no user found with specified name": "UNKNOWN_USER",
    "Failed to install the application <application name>": "",
    "Failed to install the application <application name>. You have reached the limit on the number of applications that can be installed on the device.": "LIMIT_REACHED",
    "Operating system self-testing result: completed successfully": "SUCCESS",
    "Operating system self-testing result: errors detected": "ERRORS",
    "Operating system self-testing result: canceled manually": "CANCELED",
}
# Names whose constant is chosen by hand: the operating-system log's own export events.
CONSTANT = {
    "admin: Log export": "SYSTEM_LOG_EXPORT",
    "admin: Log export error": "SYSTEM_LOG_EXPORT_ERROR",
}
# The one row the table got wrong when it was extracted: a heading fused into a name. The
# catalog carries the corrected name; the conformance check applies the same correction.
NAME_FIX = {
    "TrafficController: Error creating route Viewing the firewall audit log": "TrafficController: Error creating route",
}


# Events Palisade records beyond the specification's tables (log, name, text, severity, subject).
EXTENSIONS = [
    ("firewall", "TrafficController: Application protocol traffic blocked",
     "The connection from <source address> to <destination address>:<port> carrying <protocol> traffic is closed",
     "Warning", "System: TrafficController"),
    # Audit records a Syslog or MQTT destination could not take because its on-disk queue was full
    # (palisade-notify); in both logs because records of both are forwarded.
    ("firewall", "Notifier: Notification queue overflow",
     "<number> events were not delivered to <destination>: its delivery queue is full",
     "Warning", "System: Notifier"),
    ("os", "Notifier: Notification queue overflow",
     "<number> events were not delivered to <destination>: its delivery queue is full",
     "Warning", "System: Notifier"),
]


def constant(name, text, taken):
    if name in CONSTANT:
        return CONSTANT[name]
    # "admin: Log export user: Log export" -> "Log export"; "Audit: Audit log overwrite" -> "Audit log overwrite"
    last = re.split(r"\b(?:admin|user|[A-Z][A-Za-z]+):\s*", name)
    base = [p for p in last if p.strip()][-1].strip()
    c = re.sub(r"[^A-Za-z0-9]+", "_", base).strip("_").upper()
    if text in DISAMBIGUATE and DISAMBIGUATE[text]:
        c += "_" + DISAMBIGUATE[text]
    n = c
    i = 2
    while n in taken:
        n = f"{c}_{i}"
        i += 1
    return n


def java(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def main():
    rows = []
    with open(sys.argv[1], encoding="utf-8") as f:
        next(f)
        for line in f:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    rows.extend(list(r) for r in EXTENSIONS)
    events = {}
    order = []
    for log, name, text, severity, subject in rows:
        name = NAME_FIX.get(name, name)
        key = (name, text)
        if key not in events:
            events[key] = {"logs": [], "severity": severity, "subject": subject}
            order.append(key)
        e = events[key]
        if e["severity"] != severity or e["subject"] != subject:
            sys.exit(f"conflicting rows for {key}")
        e["logs"].append(LOG[log])
    taken = set()
    lines = []
    for name, text in order:
        e = events[(name, text)]
        c = constant(name, text, taken)
        taken.add(c)
        subject = e["subject"]
        if subject.startswith("System: "):
            subj = f'Subject.system("{java(subject[len("System: "):])}")'
        elif subject == "Administrator":
            subj = "Subject.ADMINISTRATOR"
        elif subject == "Administrator or user":
            subj = "Subject.ADMINISTRATOR_OR_USER"
        else:
            sys.exit(f"unknown subject {subject}")
        logs = ", ".join(f"AuditLogKind.{l}" for l in e["logs"])
        lines.append(f'    {c}(EnumSet.of({logs}), "{java(name)}",\n'
                     f'            "{java(text)}", Severity.{SEVERITY[e["severity"]]}, {subj})')
    body = ",\n".join(lines) + ";"
    print(HEADER + body + FOOTER)


HEADER = '''package dev.palisade.audit;

import java.util.EnumSet;
import java.util.Set;

/**
 * The catalog of audit events: every event of the specification's firewall and operating-system
 * audit tables, with the log(s) it goes to, its name and text template as the specification
 * writes them, its severity and its subject. Generated by {@code scripts/codegen/audit-catalog.py}
 * from those tables; {@code scripts/conformance/audit-catalog.sh} checks that nothing drifted.
 */
public enum AuditEventType {
'''

FOOTER = '''

    private final Set<AuditLogKind> logs;
    private final String eventName;
    private final EventText text;
    private final Severity severity;
    private final Subject subject;

    AuditEventType(EnumSet<AuditLogKind> logs, String eventName, String template, Severity severity, Subject subject) {
        this.logs = java.util.Collections.unmodifiableSet(logs);
        this.eventName = eventName;
        this.text = EventText.parse(template);
        this.severity = severity;
        this.subject = subject;
    }

    /** The logs this event is recorded in. */
    public Set<AuditLogKind> logs() {
        return logs;
    }

    /** The event name as the specification writes it (e.g. "Audit: Audit log overwrite"). */
    public String eventName() {
        return eventName;
    }

    /** The event text template, with its {@code <placeholders>}. */
    public EventText text() {
        return text;
    }

    public Severity severity() {
        return severity;
    }

    public Subject subject() {
        return subject;
    }
}
'''

if __name__ == "__main__":
    main()
