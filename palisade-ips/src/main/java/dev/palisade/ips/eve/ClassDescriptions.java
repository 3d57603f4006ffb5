package dev.palisade.ips.eve;

import java.util.Map;

/**
 * The descriptions Suricata's default {@code classification.config} gives each {@code classtype}
 * (Suricata 7, 41 classes), which EVE logs as {@code alert.category}. A classtype not
 * listed is logged as written.
 */
final class ClassDescriptions {

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("not-suspicious", "Not Suspicious Traffic"),
            Map.entry("unknown", "Unknown Traffic"),
            Map.entry("attempted-recon", "Attempted Information Leak"),
            Map.entry("successful-recon-limited", "Information Leak"),
            Map.entry("successful-recon-largescale", "Large Scale Information Leak"),
            Map.entry("attempted-dos", "Attempted Denial of Service"),
            Map.entry("successful-dos", "Denial of Service"),
            Map.entry("attempted-user", "Attempted User Privilege Gain"),
            Map.entry("unsuccessful-user", "Unsuccessful User Privilege Gain"),
            Map.entry("successful-user", "Successful User Privilege Gain"),
            Map.entry("attempted-admin", "Attempted Administrator Privilege Gain"),
            Map.entry("successful-admin", "Successful Administrator Privilege Gain"),
            Map.entry("rpc-portmap-decode", "Decode of an RPC Query"),
            Map.entry("shellcode-detect", "Executable code was detected"),
            Map.entry("string-detect", "A suspicious string was detected"),
            Map.entry("suspicious-filename-detect", "A suspicious filename was detected"),
            Map.entry("suspicious-login", "An attempted login using a suspicious username was detected"),
            Map.entry("system-call-detect", "A system call was detected"),
            Map.entry("tcp-connection", "A TCP connection was detected"),
            Map.entry("unusual-client-port-connection", "A client was using an unusual port"),
            Map.entry("network-scan", "Detection of a Network Scan"),
            Map.entry("denial-of-service", "Detection of a Denial of Service Attack"),
            Map.entry("non-standard-protocol", "Detection of a non-standard protocol or event"),
            Map.entry("protocol-command-decode", "Generic Protocol Command Decode"),
            Map.entry("web-application-activity", "access to a potentially vulnerable web application"),
            Map.entry("web-application-attack", "Web Application Attack"),
            Map.entry("misc-activity", "Misc activity"),
            Map.entry("misc-attack", "Misc Attack"),
            Map.entry("icmp-event", "Generic ICMP event"),
            Map.entry("inappropriate-content", "Inappropriate Content was Detected"),
            Map.entry("policy-violation", "Potential Corporate Privacy Violation"),
            Map.entry("default-login-attempt", "Attempt to login by a default username and password"),
            Map.entry("targeted-activity", "Targeted Malicious Activity was Detected"),
            Map.entry("exploit-kit", "Exploit Kit Activity Detected"),
            Map.entry("external-ip-check", "Device Retrieving External IP Address Detected"),
            Map.entry("domain-c2", "Domain Observed Used for C2 Detected"),
            Map.entry("pup-activity", "Possibly Unwanted Program Detected"),
            Map.entry("credential-theft", "Successful Credential Theft Detected"),
            Map.entry("social-engineering", "Possible Social Engineering Attempted"),
            Map.entry("coin-mining", "Crypto Currency Mining Activity Detected"),
            Map.entry("command-and-control", "Malware Command and Control Activity Detected"));

    private ClassDescriptions() {
    }

    static String of(String classtype) {
        return DESCRIPTIONS.getOrDefault(classtype, classtype);
    }
}
