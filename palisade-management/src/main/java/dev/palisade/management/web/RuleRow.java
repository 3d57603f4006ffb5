package dev.palisade.management.web;

/**
 * One firewall rule as the form and the table show it: the document's strings as written (so an
 * invalid value the administrator typed comes back for correction), and its hit count.
 */
public record RuleRow(int index, boolean enabled, String action, String protocol, String zone, String source, String destination,
        String sourcePort, String destinationPort, String comment, long hits) {

    static RuleRow empty() {
        return new RuleRow(-1, true, "accept", "tcp", "In", "", "", "", "", "", 0);
    }
}
