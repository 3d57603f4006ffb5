package dev.palisade.engine;

import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;

/**
 * What the engine decided for one packet: verdict, the stage that decided, the rule index for
 * custom and NAT stages, where the packet went and, for refusals outside the procedure, why.
 * One instance is reused by the engine for every packet; read it before the next call.
 */
public final class Decision {

    /** Egress meaning "delivered to the gateway itself". */
    public static final String LOCAL = "local";

    Verdict verdict;
    Stage stage;
    int rule;
    Interface egress;
    boolean local;
    String reason;
    long sid;
    int fragments;
    boolean fragment;
    boolean settled;

    void reset() {
        verdict = null;
        stage = null;
        rule = -1;
        egress = null;
        local = false;
        reason = null;
        sid = 0;
        fragments = 0;
        fragment = false;
        settled = false;
    }

    void set(Verdict verdict, Stage stage, int rule) {
        this.verdict = verdict;
        this.stage = stage;
        this.rule = rule;
    }

    public Verdict verdict() {
        return verdict;
    }

    public Stage stage() {
        return stage;
    }

    /** Index into FIREWALL.rules (custom stages) or NAPT.rules (nat-allow); -1 otherwise. */
    public int rule() {
        return rule;
    }

    /** The interface the packet left by, or null when it was delivered locally or not sent. */
    public Interface egress() {
        return egress;
    }

    /** True when the packet was delivered to the gateway itself. */
    public boolean deliveredLocally() {
        return local;
    }

    /** "lan", "wan", "local", or null when the packet went nowhere. */
    public String egressKey() {
        return local ? LOCAL : egress == null ? null : egress.key();
    }

    /** Why a packet was refused outside the stages (malformation, reassembly, routing), or null. */
    public String reason() {
        return reason;
    }

    /**
     * For a packet an IPS rule decided (ips-block, or an alert on an accepted packet): the rule's
     * sid, else 0. The rule's message is then the {@link #reason()} of an ips-block.
     */
    public long sid() {
        return sid;
    }

    /** For the packet completing a fragmented datagram: how many fragments it had, else 0. */
    public int fragments() {
        return fragments;
    }

    /** Marks a copy as the decision of a fragment held until its datagram was whole. */
    public void markFragment() {
        this.fragment = true;
    }

    /** True for a held fragment's decision (the datagram's). */
    public boolean isFragment() {
        return fragment;
    }

    /**
     * True when the packet was accepted and its flow has nothing left for the engine to learn:
     * not a transit TCP flow still under application-protocol detection, nor one an IPS inspects
     * (while a {@link TransitInspector} is installed, transit TCP never settles). A live data plane may
     * stop passing the flow's later packets through the engine (NFQUEUE: the connection mark).
     */
    public boolean settled() {
        return settled;
    }

    /** A copy that survives the next call. */
    public Decision copy() {
        Decision d = new Decision();
        d.verdict = verdict;
        d.stage = stage;
        d.rule = rule;
        d.egress = egress;
        d.local = local;
        d.reason = reason;
        d.sid = sid;
        d.fragments = fragments;
        d.fragment = fragment;
        d.settled = settled;
        return d;
    }

    @Override
    public String toString() {
        return verdict.key() + " at " + stage.key() + (rule >= 0 ? " rule " + rule : "")
                + (egressKey() != null ? " -> " + egressKey() : "") + (sid != 0 ? " sid " + sid : "") + (reason != null ? " (" + reason + ")" : "");
    }
}
