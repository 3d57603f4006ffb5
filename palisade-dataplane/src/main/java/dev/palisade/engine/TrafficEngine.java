package dev.palisade.engine;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.conntrack.TcpState;
import dev.palisade.inspect.appproto.AppProtocolDetector;
import dev.palisade.conntrack.ConnectionTable;
import dev.palisade.conntrack.Direction;
import dev.palisade.conntrack.TcpTracker;
import dev.palisade.fragment.FragmentReassembler;
import dev.palisade.nat.IcmpErrorTranslator;
import dev.palisade.nat.PacketRewriter;
import dev.palisade.nat.PortAllocator;
import dev.palisade.packet.Arp;
import dev.palisade.packet.Checksum;
import dev.palisade.packet.Ethernet;
import dev.palisade.packet.Icmp;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.packet.Tcp;
import dev.palisade.policy.Policy;
import dev.palisade.policy.PolicySettings;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import dev.palisade.routing.RoutingTable;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The traffic engine: takes each frame through the gateway's processing procedure and sends
 * out what the gateway would send.
 *
 * <pre>
 *  frame ─► parse ─► (fragment? reassemble) ─► conntrack lookup ─► chain of stages ─► accept?
 *                                                                                      │
 *        ◄─ FrameSink ◄─ L2 header ◄─ TTL-1 ◄─ route ◄─ NAT rewrite ◄─ track new flow ◄─┘
 * </pre>
 *
 * <p>Router chain: diagnostic-allow, preset-allow, app-proto-deny, emergency-deny, ip-allowlist,
 * ip-denylist, nat-allow, custom-deny, custom-allow, preset-service-allow, established-allow,
 * preset-block. Unidirectional gateway: packets not addressed to the gateway stop at
 * no-transit; LAN packets meet the internal chain (diagnostic-allow, outgoing-allow,
 * preset-allow, app-proto-deny, emergency-deny, ip-allowlist, ip-denylist, custom-deny,
 * custom-allow, preset-service-allow, established-allow, preset-block), WAN packets the
 * external chain (diagnostic-allow, outgoing-allow, preset-allow, vpn-allow, preset-block).
 * Frames from the gateway itself (interface {@code host}) are accepted at local-out.
 *
 * <p>Threading: one thread calls {@link #process}; {@link #apply} and {@link #setEmergency} may
 * be called from any thread and take effect from the next packet. Nothing is allocated per
 * packet in steady state.
 */
public final class TrafficEngine {

    private static final int ZONE_SHIFT_REPLY = 2;
    private static final int SYSLOG_TLS_PORT = 6514;
    private static final int CENTRAL_MANAGEMENT_PORT = 13294;
    private static final long BROADCAST_MAC = 0xffffffffffffL;

    private final EngineOptions options;
    private final PacketParser parser;
    private final PacketView view = new PacketView();
    private final Decision decision = new Decision();
    private final Decision expiredDecision = new Decision();
    private final ConnectionTable connections;
    private final TcpTracker tcp;
    private final FragmentReassembler fragments;
    private final AppProtocolInspection inspection;
    private final boolean inspectApplicationProtocols;
    private final NeighborTable[] neighbors = {new NeighborTable(4096), new NeighborTable(4096)};
    private final LinkLayer[] egressLink = {LinkLayer.ETHERNET, LinkLayer.ETHERNET, LinkLayer.ETHERNET};
    private final byte[] tx = new byte[Ethernet.HEADER_LENGTH + Ipv4.MAX_PACKET_LENGTH + 64];
    private final FrameSink sink;
    private volatile FragmentListener fragmentListener = FragmentListener.IGNORE;
    private volatile Consumer<EngineEvent> events = e -> { };
    private volatile Consumer<Decision> fragmentCounter = d -> { };

    /** Port-forward rule that translates the current new flow whichever stage accepts it, or -1. */
    private int pendingForward = -1;
    /** The current packet's tuple belongs to a connection it was not admitted to (see filter). */
    private boolean tupleTaken;
    /** Connection an ICMP error of the current packet is about, its direction and quote offset; -1 when none. */
    private int relatedId = -1;
    private int relatedDir;
    private int relatedQuote;
    private volatile Policy policy;
    private volatile boolean emergency;
    private int generation;

    private long packets;
    private final long[] stageCounts = new long[Stage.values().length];
    private final long[] malformedCounts = new long[Malformation.values().length];
    private long tcpInvalid;
    private final long[] appProtocolsBlocked = new long[AppProtocol.values().length + 1];
    private final EventRateLimit cutEvents = new EventRateLimit(10, 20);
    /** ICMP errors the gateway generates: at most 100 per second of packet time, bursts of 50. */
    private final EventRateLimit icmpErrors = new EventRateLimit(100, 50);
    private long icmpErrorsSent;
    private long unknownNeighbors;

    /** Entries the denylist holds at most, configured and added at run time together (spec). */
    public static final int DENYLIST_LIMIT = 1000;
    private volatile TransitInspector inspector;
    private volatile boolean inspectorFailed;
    private volatile boolean ipsMonitor;
    private final RuntimeDenylist runtimeDenylist = new RuntimeDenylist(DENYLIST_LIMIT);
    /** The policy the run-time denylist was last pruned against. */
    private Policy prunedFor;
    private final EventRateLimit denylistFullEvents = new EventRateLimit(1, 5);
    private long ipsAlerts;
    private long ipsBlocks;

    public TrafficEngine(GatewayConfig config, EngineOptions options, FrameSink sink) {
        this.options = options;
        this.parser = new PacketParser(options.verifyTransportChecksums());
        this.connections = new ConnectionTable(options.connectionCapacity());
        this.tcp = new TcpTracker(options.timeouts());
        this.fragments = new FragmentReassembler(options.fragmentDatagrams(), options.fragmentBytes(), options.fragmentTimeoutNanos());
        this.inspection = new AppProtocolInspection(options.connectionCapacity());
        this.inspectApplicationProtocols = options.inspectApplicationProtocols();
        connections.setRemovalListener(inspection::stop);
        this.sink = sink;
        apply(config, PolicySettings.DEFAULTS);
    }

    /** Applies a new configuration from the next packet on; tracked connections are kept. */
    public synchronized void apply(GatewayConfig config, PolicySettings settings) {
        Policy previous = policy;
        Policy next = Policy.compile(config, settings, ++generation);
        policy = next;
        if (previous != null && !sameFilter(previous.config(), config)) {
            events.accept(new EngineEvent.FirewallRulesChanged(next.generation()));
        }
        for (var rejected : next.routesNotApplied().entrySet()) {
            events.accept(new EngineEvent.RouteNotApplied(rejected.getKey(), rejected.getValue()));
        }
    }

    private static boolean sameFilter(GatewayConfig a, GatewayConfig b) {
        var x = a.network();
        var y = b.network();
        return x.firewallRules().equals(y.firewallRules()) && x.portForwards().equals(y.portForwards())
                && x.idsProxy().equals(y.idsProxy()) && x.filteredProtocols().equals(y.filteredProtocols());
    }

    /** Where engine events go (the audit log); events are raised on the thread calling {@link #apply}. */
    public void setEventListener(Consumer<EngineEvent> listener) {
        this.events = listener;
    }

    public void apply(GatewayConfig config) {
        apply(config, PolicySettings.DEFAULTS);
    }

    /** Emergency support mode: everything not decided before emergency-deny is blocked. */
    public void setEmergency(boolean on) {
        this.emergency = on;
    }

    public boolean emergency() {
        return emergency;
    }

    /**
     * Installs a running IPS: from the next packet, transit packets the firewall chain accepts go
     * through it at stage ips-block. {@code null} removes it (transit then passes uninspected,
     * unless the policy says the IPS is installed and not running: ips-stopped).
     */
    public void setTransitInspector(TransitInspector inspector) {
        this.inspector = inspector;
        this.inspectorFailed = false;
    }

    /**
     * The IPS could not start or load its rules: it is removed, transit is blocked at ips-stopped
     * until {@link #setTransitInspector} installs one again, and a
     * {@link EngineEvent.ProtectorFailed} event is raised (the service enters emergency support mode).
     */
    public void transitInspectorFailed(String reason) {
        this.inspector = null;
        this.inspectorFailed = true;
        events.accept(new EngineEvent.ProtectorFailed(reason));
    }

    /**
     * Monitor switch for commissioning: every drop or reject of the IPS is only recorded, as an
     * alert; nothing is blocked and no source is denylisted.
     */
    public void setIpsMonitor(boolean on) {
        this.ipsMonitor = on;
    }

    /**
     * Sources the IPS blocked at run time that are not in the configuration's denylist yet, in the
     * order they were added (time in seconds of packet time). Once a configuration listing an
     * address is applied, the address leaves this list. Safe from any thread.
     */
    public java.util.List<dev.palisade.config.model.IdsProxyConfig.DenylistEntry> runtimeDenylist() {
        return runtimeDenylist.entries();
    }

    /** Packets an IPS rule matched without blocking them (alert rules, allowlisted sources, monitor switch). */
    public long ipsAlerts() {
        return ipsAlerts;
    }

    /** Packets blocked at ips-block. */
    public long ipsBlocks() {
        return ipsBlocks;
    }

    /** The link layer of frames sent out of {@code egress} (Ethernet unless told otherwise). */
    public void setLinkLayer(Interface egress, LinkLayer link) {
        egressLink[egress.ordinal()] = link;
    }

    public void setFragmentListener(FragmentListener listener) {
        this.fragmentListener = listener;
    }

    /** Told of each decision given to held fragments, for statistics (called after the listener). */
    public void setFragmentCounter(Consumer<Decision> counter) {
        this.fragmentCounter = counter;
    }

    /**
     * Drops every datagram still incomplete (e.g. at the end of a capture): its held fragments
     * get a drop at reassembly through the {@link FragmentListener}.
     */
    public void discardIncompleteDatagrams() {
        expireFragments(Long.MAX_VALUE);
    }

    public Policy policy() {
        return policy;
    }

    /** Read-only access for diagnostics and tests; owned by the processing thread. */
    public ConnectionTable connections() {
        return connections;
    }

    /**
     * Processes one frame that arrived on {@code ingress} at packet time {@code now} (ns). The
     * frame may be rewritten in place. {@code tag} identifies the packet to the
     * {@link FragmentListener} if it is a fragment held for reassembly.
     */
    public Decision process(Interface ingress, LinkLayer link, byte[] frame, int offset, int length, long now, long tag) {
        Decision d = decision;
        d.reset();
        packets++;
        connections.expire(now, 2);
        expireFragments(now);
        Policy p = policy;
        PacketView v = view;
        Malformation m = parser.parse(frame, offset, length, link, v);
        if (m != Malformation.NONE) {
            return malformed(m);
        }
        if (ingress == Interface.HOST) {
            return localOut(p, now);
        }
        if (v.isArp()) {
            learnArp(p, ingress);
            d.local = true;
            return count(Verdict.ACCEPT, Stage.PRESET_ALLOW, -1);
        }
        if (!v.isIpv4()) {
            d.reason = "not-ipv4";
            return count(Verdict.DROP, Stage.PRESET_BLOCK, -1);
        }
        if (v.isFragment()) {
            int r = fragments.offer(v, ingress.ordinal(), tag, now);
            if (fragments.evictedTagCount() > 0) {
                notifyEvicted();
            }
            if (r == FragmentReassembler.HELD) {
                d.set(Verdict.HELD, Stage.REASSEMBLY, -1);
                return d;
            }
            if (r == FragmentReassembler.DISCARDED) {
                d.reason = fragments.lastReason();
                count(Verdict.DROP, Stage.REASSEMBLY, -1);
                notifyHeld(d);
                return d;
            }
            d.fragments = fragments.tagCount() + 1;
            m = parser.parse(fragments.datagram(), fragments.datagramOffset(), fragments.datagramLength(), LinkLayer.RAW_IP, v);
            if (m != Malformation.NONE) {
                malformed(m);
            } else {
                filter(p, ingress, now);
            }
            notifyHeld(d);
            return d;
        }
        return filter(p, ingress, now);
    }

    private void notifyHeld(Decision d) {
        long[] tags = fragments.tags();
        for (int i = 0, n = fragments.tagCount(); i < n; i++) {
            fragmentListener.decided(tags[i], d);
            fragmentCounter.accept(d);
        }
    }

    private void notifyEvicted() {
        Decision evicted = expiredDecision;
        evicted.reset();
        evicted.set(Verdict.DROP, Stage.REASSEMBLY, -1);
        evicted.reason = "reassembly-evicted";
        long[] tags = fragments.evictedTags();
        int n = fragments.evictedTagCount();
        stageCounts[Stage.REASSEMBLY.ordinal()] += n;
        for (int i = 0; i < n; i++) {
            fragmentListener.decided(tags[i], evicted);
            fragmentCounter.accept(evicted);
        }
    }

    private void expireFragments(long now) {
        while (fragments.expireOne(now)) {
            Decision expired = expiredDecision;
            expired.reset();
            expired.set(Verdict.DROP, Stage.REASSEMBLY, -1);
            expired.reason = fragments.lastReason();
            stageCounts[Stage.REASSEMBLY.ordinal()] += fragments.tagCount();
            long[] tags = fragments.tags();
            for (int i = 0, n = fragments.tagCount(); i < n; i++) {
                fragmentListener.decided(tags[i], expired);
                fragmentCounter.accept(expired);
            }
        }
    }

    private Decision malformed(Malformation m) {
        malformedCounts[m.ordinal()]++;
        decision.reason = m.key();
        return count(Verdict.DROP, Stage.MALFORMED, -1);
    }

    private Decision count(Verdict verdict, Stage stage, int rule) {
        decision.set(verdict, stage, rule);
        stageCounts[stage.ordinal()]++;
        return decision;
    }

    // ---- the procedure ---------------------------------------------------------------------

    private Decision filter(Policy p, Interface ingress, long now) {
        PacketView v = view;
        Decision d = decision;
        if (prunedFor != p) {
            // A new configuration: what it lists now is persisted and leaves the run-time list
            // (so that an administrator's later deletion from the configuration takes effect).
            prunedFor = p;
            if (runtimeDenylist.size() != 0) {
                runtimeDenylist.prune(p::inConfiguredDenylist);
            }
        }
        int proto = v.protocol();
        int src = v.source();
        int dst = v.destination();
        // Anti-spoofing before anything trusts the source: it must be reachable back through
        // the interface it came from (a WAN host posing as a LAN address would pass the allowlist).
        if (!p.sourceMayArriveOn(src, ingress)) {
            malformedCounts[Malformation.BAD_SOURCE_ADDRESS.ordinal()]++;
            d.reason = "reverse-path";
            return count(Verdict.DROP, Stage.MALFORMED, -1);
        }

        // Connection tracking first: the stages ask whether a packet belongs to a known flow.
        int id = -1;
        int dir = Direction.ORIGINAL;
        boolean tracked = false;
        tupleTaken = false;
        if (trackable(v)) {
            int handle = connections.lookup(proto, src, dst, v.sourcePort(), v.destinationPort(), now);
            if (handle >= 0) {
                // Until shown to belong to it, the packet only uses a tuple a connection holds.
                tupleTaken = true;
                id = handle >>> 1;
                dir = handle & 1;
                if (!arrivedWhereExpected(id, dir, ingress)) {
                    id = -1;
                } else if (proto == Ipv4.PROTOCOL_TCP) {
                    int r = tcp.track(connections, id, dir, v, now);
                    if (r == TcpTracker.VALID) {
                        tracked = true;
                    } else {
                        if (r == TcpTracker.REOPEN) {
                            connections.remove(id);
                            tupleTaken = false;
                        } else {
                            tcpInvalid++;
                            d.reason = "tcp-invalid";
                        }
                        id = -1;
                    }
                } else if (proto == Ipv4.PROTOCOL_ICMP && Icmp.isQuery(v.icmpType()) != (dir == Direction.ORIGINAL)) {
                    // Queries go one way and answers the other: an echo request that matches the
                    // answer side of a flow is not part of it.
                    id = -1;
                } else {
                    tracked = true;
                    refresh(id, dir, proto, now);
                }
            }
        }

        relatedId = -1;
        if (proto == Ipv4.PROTOCOL_ICMP && Icmp.isError(v.icmpType())) {
            findRelated(ingress, now);
        }
        boolean local;
        if (tracked) {
            local = connections.hasFlag(id, ConnectionTable.FLAG_LOCAL_DESTINATION | ConnectionTable.FLAG_LOCAL_ORIGIN);
        } else if (relatedId >= 0) {
            local = connections.hasFlag(relatedId, ConnectionTable.FLAG_LOCAL_DESTINATION | ConnectionTable.FLAG_LOCAL_ORIGIN);
        } else if (p.routerMode()) {
            local = p.isLocalDestination(dst, ingress);
        } else {
            local = p.isLocalDestinationStrict(dst, ingress);
        }
        if (!local && !tracked && p.isMartianDestination(dst)) {
            malformedCounts[Malformation.BAD_DESTINATION_ADDRESS.ordinal()]++;
            d.reason = "martian-destination";
            return count(Verdict.DROP, Stage.MALFORMED, -1);
        }
        // A port-forward candidate: to the WAN address on a forwarded port, new or the forward
        // direction of a forwarded connection (not a reply to a masqueraded one).
        int forward = -1;
        if (p.forwardRuleCount() != 0 && p.routerMode() && ingress == Interface.WAN && p.wanAddress() != 0 && dst == p.wanAddress()
                && (!tracked || (dir == Direction.ORIGINAL && connections.hasFlag(id, ConnectionTable.FLAG_DNAT)))) {
            forward = p.forwardRule(proto, v.destinationPort());
            if (forward >= 0 && !tracked) {
                local = false;
            }
        }
        if (tracked && connections.hasFlag(id, ConnectionTable.FLAG_DNAT) && !forwardStillConfigured(p, id)) {
            // The port forward that let this flow in was removed or changed: the flow goes with it.
            connections.remove(id);
            tracked = false;
            id = -1;
        }
        if (tracked) {
            tupleTaken = false;
        }
        boolean revealed = false;
        if (tracked && proto == Ipv4.PROTOCOL_TCP && inspectApplicationProtocols && connections.appProtocol(id) == 0
                && !connections.hasFlag(id, ConnectionTable.FLAG_LOCAL_DESTINATION | ConnectionTable.FLAG_LOCAL_ORIGIN)) {
            revealed = inspect(p, id, dir);
        }
        // A packet that uses a tracked tuple without fitting the connection (out of window, or
        // arriving from the wrong side) can neither join it nor start a second one with its tuple.
        boolean statefulOk = tracked || (!tupleTaken && (proto != Ipv4.PROTOCOL_TCP || v.isTcpSynOnly()));
        pendingForward = tracked ? -1 : forward;

        if (!p.routerMode()) {
            return diode(p, ingress, local, tracked, id, dir, statefulOk, now);
        }

        // 1. diagnostic-allow: only while a self-test runs; none is running in this engine.
        // 2. preset-allow
        if (presetAllow(p, ingress, local, tracked, id, dir)) {
            return accept(p, ingress, Stage.PRESET_ALLOW, -1, local, tracked, id, dir, now);
        }
        // 3. app-proto-deny: transit flows classified as a blocked application protocol. The
        // packet that revealed the protocol is rejected and both ends are reset; later ones drop.
        if (!local && tracked && p.blocksAnyAppProtocol() && p.blocksAppProtocol(connections.appProtocol(id))) {
            if (revealed) {
                return cutConnection(p, ingress, id, dir, now);
            }
            return count(Verdict.DROP, Stage.APP_PROTO_DENY, -1);
        }
        // 4. emergency-deny
        if (emergency) {
            return count(Verdict.DROP, Stage.EMERGENCY_DENY, -1);
        }
        // 5. ip-allowlist
        if (statefulOk && p.allowlisted(src)) {
            return accept(p, ingress, Stage.IP_ALLOWLIST, -1, local, tracked, id, dir, now);
        }
        // 6. ip-denylist (the configuration's, and the sources the IPS blocked since)
        if (p.denylisted(src) || (p.denylistEnforced() && runtimeDenylist.contains(src))) {
            return count(Verdict.DROP, Stage.IP_DENYLIST, -1);
        }
        // 7. nat-allow
        if (forward >= 0 && statefulOk) {
            p.hitPortForwardRule(forward);
            return accept(p, ingress, Stage.NAT_ALLOW, forward, false, tracked, id, dir, now);
        }
        // 8-9. custom-deny, custom-allow
        Decision custom = customRules(p, ingress, tracked, id, dir, statefulOk, local, now);
        if (custom != null) {
            return custom;
        }
        // 10. preset-service-allow
        if (presetServiceAllowRouter(p, ingress, local, tracked, id, dir)) {
            return accept(p, ingress, Stage.PRESET_SERVICE_ALLOW, -1, local, tracked, id, dir, now);
        }
        // 11. established-allow
        if (tracked) {
            return accept(p, ingress, Stage.ESTABLISHED_ALLOW, -1, local, true, id, dir, now);
        }
        // 12. preset-block
        return count(Verdict.DROP, Stage.PRESET_BLOCK, -1);
    }

    private Decision diode(Policy p, Interface ingress, boolean local, boolean tracked, int id, int dir,
                           boolean statefulOk, long now) {
        boolean gatewayOpened = tracked && dir == Direction.REPLY && connections.hasFlag(id, ConnectionTable.FLAG_LOCAL_ORIGIN);
        PacketView v = view;
        if (ingress == Interface.WAN) {
            // External chain. Whatever it admits must still be for the gateway: nothing crosses.
            if (gatewayOpened || dhcpClientReply(p, ingress)) {
                return local ? accept(p, ingress, Stage.OUTGOING_ALLOW, -1, true, tracked, id, dir, now) : noTransit();
            }
            if (v.protocol() == Ipv4.PROTOCOL_ICMP) {
                return local ? accept(p, ingress, Stage.PRESET_ALLOW, -1, true, tracked, id, dir, now) : noTransit();
            }
            // vpn-allow: no VPN application is installed.
            return count(Verdict.DROP, Stage.PRESET_BLOCK, -1);
        }
        // LAN packets not addressed to the gateway stop before the internal chain.
        if (!local) {
            return noTransit();
        }
        // Internal chain.
        if (gatewayOpened) {
            return accept(p, ingress, Stage.OUTGOING_ALLOW, -1, true, tracked, id, dir, now);
        }
        if (presetAllow(p, ingress, true, tracked, id, dir)) {
            return accept(p, ingress, Stage.PRESET_ALLOW, -1, true, tracked, id, dir, now);
        }
        // app-proto-deny applies to transit only, and nothing transits a diode.
        if (emergency) {
            return count(Verdict.DROP, Stage.EMERGENCY_DENY, -1);
        }
        if (statefulOk && p.allowlisted(v.source())) {
            return accept(p, ingress, Stage.IP_ALLOWLIST, -1, true, tracked, id, dir, now);
        }
        if (p.denylisted(v.source()) || (p.denylistEnforced() && runtimeDenylist.contains(v.source()))) {
            return count(Verdict.DROP, Stage.IP_DENYLIST, -1);
        }
        Decision custom = customRules(p, ingress, tracked, id, dir, statefulOk, true, now);
        if (custom != null) {
            return custom;
        }
        if (presetServiceAllowDiode(p, ingress, tracked, id, dir)) {
            return accept(p, ingress, Stage.PRESET_SERVICE_ALLOW, -1, true, tracked, id, dir, now);
        }
        if (tracked) {
            return accept(p, ingress, Stage.ESTABLISHED_ALLOW, -1, true, true, id, dir, now);
        }
        return count(Verdict.DROP, Stage.PRESET_BLOCK, -1);
    }

    /** True while a forwarded connection's port-forwarding rule still sends it where it goes. */
    private boolean forwardStillConfigured(Policy p, int id) {
        int rule = p.forwardRule(connections.protocol(id), connections.destinationPort(id, Direction.ORIGINAL));
        return rule >= 0 && p.forwardAddress(rule) == connections.source(id, Direction.REPLY)
                && p.forwardPort(rule) == connections.sourcePort(id, Direction.REPLY);
    }

    /**
     * Feeds the payload of a transit TCP packet to application-protocol detection. Returns true
     * when this packet decided the flow's protocol (it "revealed" it).
     */
    private boolean inspect(Policy p, int id, int dir) {
        PacketView v = view;
        int payload = v.l4Offset() + v.tcpHeaderLength();
        int result = inspection.segment(id, dir, (v.tcpFlags() & Tcp.SYN) != 0, v.tcpSequence(),
                v.buffer(), payload, v.tcpPayloadLength());
        if (result == AppProtocolDetector.UNDECIDED) {
            return false;
        }
        connections.setAppProtocol(id, result == AppProtocolDetector.NONE ? AppProtocolInspection.DECIDED_NONE : result);
        return result != AppProtocolDetector.NONE;
    }

    /**
     * Rejects the packet that revealed a blocked protocol and resets both ends of its flow, each
     * with addresses as that end knows the other (after NAT) and the sequence number it expects
     * next, so that real stacks accept the reset.
     */
    private Decision cutConnection(Policy p, Interface ingress, int id, int dir, long now) {
        PacketView v = view;
        int code = connections.appProtocol(id);
        int other = dir ^ 1;
        int seq = v.tcpSequence();
        int ack = v.tcpAcknowledgment();
        int sender = v.source();
        int senderPort = v.sourcePort();
        // To the sender: from the address it sent to; its next expected byte is what it acknowledged.
        long back = p.routes().lookup(sender);
        if (back != RoutingTable.NO_ROUTE && (v.tcpFlags() & Tcp.ACK) != 0) {
            sendReset(p, RoutingTable.egressOf(back), RoutingTable.nextHopOf(back),
                    v.destination(), v.destinationPort(), sender, senderPort, ack, seq + v.tcpPayloadLength());
        }
        // To the receiver: from the sender as the receiver knows it; it expects this packet's bytes.
        int to = connections.source(id, other);
        long forward = p.routes().lookup(to);
        if (forward != RoutingTable.NO_ROUTE) {
            sendReset(p, RoutingTable.egressOf(forward), RoutingTable.nextHopOf(forward),
                    connections.destination(id, other), connections.destinationPort(id, other),
                    to, connections.sourcePort(id, other), seq, ack);
        }
        // Keep the flow a little while so that its stragglers are dropped here, not elsewhere.
        connections.setState(id, TcpState.CLOSE);
        connections.setExpires(id, now + options.timeouts().tcp(TcpState.CLOSE));
        appProtocolsBlocked[code]++;
        if (cutEvents.tryAcquire(now)) {
            AppProtocol protocol = AppProtocolDetector.protocolOf(code);
            events.accept(new EngineEvent.ConnectionCut(connections.source(id, Direction.ORIGINAL),
                    connections.destination(id, Direction.ORIGINAL), connections.destinationPort(id, Direction.ORIGINAL),
                    protocol, cutEvents.takeSuppressed()));
        }
        decision.reason = AppProtocolDetector.protocolOf(code).key();
        return count(Verdict.REJECT, Stage.APP_PROTO_DENY, -1);
    }

    /**
     * Stage ips-block: runs the IPS over the packet in the view. Returns null when the packet goes
     * on (nothing matched, an alert, an allowlisted source, the monitor switch), else the drop or
     * reject. A block adds the source to the run-time denylist (up to {@link #DENYLIST_LIMIT}
     * entries with the configuration's). {@code id} is the packet's connection or -1; {@code created}
     * says the connection was made for this packet, so a block takes it away again.
     */
    private Decision ipsBlock(Policy p, TransitInspector ips, Interface ingress, int id, int dir, boolean created, long now) {
        PacketView v = view;
        TransitInspector.Result r = ips.inspect(v.buffer(), v.l3Offset(), v.ipTotalLength(), now);
        TransitInspector.Action action = r.action();
        if (action == TransitInspector.Action.PASS) {
            return null;
        }
        Decision d = decision;
        // Source as received: after NAT the view of a WAN packet still has its WAN source.
        int src = v.source();
        if (action == TransitInspector.Action.ALERT || ipsMonitor || p.allowlisted(src)) {
            ipsAlerts++;
            d.sid = r.sid();
            return null;
        }
        ipsBlocks++;
        if (!p.inConfiguredDenylist(src) && !runtimeDenylist.contains(src)) {
            long seconds = Math.floorDiv(now, 1_000_000_000L);
            if (p.configuredDenylistSize() + runtimeDenylist.size() < DENYLIST_LIMIT
                    && runtimeDenylist.add(src, seconds, r.signature())) {
                events.accept(new EngineEvent.SourceBlocked(src, r.sid(), r.signature(), seconds));
            } else if (denylistFullEvents.tryAcquire(now)) {
                events.accept(new EngineEvent.DenylistFull(src, DENYLIST_LIMIT, denylistFullEvents.takeSuppressed()));
            }
        }
        boolean reject = action == TransitInspector.Action.REJECT;
        if (reject) {
            resetFor(p, ingress, id, dir, now);
        }
        if (id >= 0) {
            if (created) {
                connections.remove(id);
            } else if (reject && v.protocol() == Ipv4.PROTOCOL_TCP) {
                // Keep the flow a little while so that its stragglers are dropped here.
                connections.setState(id, TcpState.CLOSE);
                connections.setExpires(id, now + options.timeouts().tcp(TcpState.CLOSE));
            }
        }
        d.sid = r.sid();
        d.reason = r.signature();
        return count(reject ? Verdict.REJECT : Verdict.DROP, Stage.IPS_BLOCK, -1);
    }

    /**
     * What a reject rule sends: for TCP, a reset to the sender and, once the receiver has a
     * connection to lose, to the receiver too, each with the addresses that end knows (the
     * connection table keeps each direction's tuple as received) and the sequence number it
     * expects; for UDP, an ICMP port unreachable to the sender (as Suricata does).
     */
    private void resetFor(Policy p, Interface ingress, int id, int dir, long now) {
        PacketView v = view;
        if (v.protocol() == Ipv4.PROTOCOL_UDP) {
            sendIcmpError(p, ingress, Icmp.DESTINATION_UNREACHABLE, 3, 0, now);
            return;
        }
        if (v.protocol() != Ipv4.PROTOCOL_TCP || (v.tcpFlags() & Tcp.RST) != 0) {
            return;
        }
        int flags = v.tcpFlags();
        int seq = v.tcpSequence();
        int ack = v.tcpAcknowledgment();
        int consumed = v.tcpPayloadLength() + ((flags & Tcp.SYN) != 0 ? 1 : 0) + ((flags & Tcp.FIN) != 0 ? 1 : 0);
        int sender;
        int senderPort;
        int addressed;
        int addressedPort;
        if (id >= 0) {
            sender = connections.source(id, dir);
            senderPort = connections.sourcePort(id, dir);
            addressed = connections.destination(id, dir);
            addressedPort = connections.destinationPort(id, dir);
        } else {
            sender = v.source();
            senderPort = v.sourcePort();
            addressed = v.destination();
            addressedPort = v.destinationPort();
        }
        long back = p.routes().lookup(sender);
        if (back != RoutingTable.NO_ROUTE) {
            sendReset(p, RoutingTable.egressOf(back), RoutingTable.nextHopOf(back), addressed, addressedPort,
                    sender, senderPort, (flags & Tcp.ACK) != 0 ? ack : 0, seq + consumed);
        }
        if (id >= 0 && (flags & Tcp.ACK) != 0) {
            int other = dir ^ 1;
            int to = connections.source(id, other);
            long forward = p.routes().lookup(to);
            if (forward != RoutingTable.NO_ROUTE) {
                sendReset(p, RoutingTable.egressOf(forward), RoutingTable.nextHopOf(forward),
                        connections.destination(id, other), connections.destinationPort(id, other),
                        to, connections.sourcePort(id, other), seq, ack);
            }
        }
    }

    /**
     * Sends an ICMP error about the packet in the view back to its sender, from the gateway's
     * address on the interface it came in by, quoting its header and the first bytes of its
     * payload as received. Never about an ICMP error, a later fragment or a broadcast, and at
     * most {@link #icmpErrors}' rate, so that the gateway cannot be used to amplify a flood.
     */
    private void sendIcmpError(Policy p, Interface ingress, int type, int code, int mtu, long now) {
        PacketView v = view;
        int from = p.addressOf(ingress);
        int to = v.source();
        if (from == 0 || to == 0 || v.fragmentOffsetBytes() != 0 || !icmpErrors.tryAcquire(now)
                || (v.protocol() == Ipv4.PROTOCOL_ICMP && !Icmp.isQuery(v.icmpType()) && !Icmp.isQueryReply(v.icmpType()))) {
            return;
        }
        long route = p.routes().lookup(to);
        if (route == RoutingTable.NO_ROUTE) {
            return;
        }
        Interface egress = RoutingTable.egressOf(route);
        boolean ethernet = egressLink[egress.ordinal()] == LinkLayer.ETHERNET;
        int ip = ethernet ? Ethernet.HEADER_LENGTH : 0;
        // RFC 1812 4.3.2.3: quote as much as fits in 576 bytes.
        int quoted = Math.min(v.ipTotalLength(), 576 - Ipv4.MIN_HEADER_LENGTH - Icmp.HEADER_LENGTH);
        int icmp = ip + Ipv4.MIN_HEADER_LENGTH;
        if (ethernet) {
            writeEthernetHeader(p, egress, RoutingTable.nextHopOf(route), to);
        }
        byte[] b = tx;
        System.arraycopy(v.buffer(), v.l3Offset(), b, icmp + Icmp.HEADER_LENGTH, quoted);
        b[icmp] = (byte) type;
        b[icmp + 1] = (byte) code;
        b[icmp + 2] = 0;
        b[icmp + 3] = 0;
        b[icmp + 4] = 0;
        b[icmp + 5] = 0;
        b[icmp + 6] = (byte) (mtu >>> 8);
        b[icmp + 7] = (byte) mtu;
        int length = Icmp.HEADER_LENGTH + quoted;
        int check = Checksum.finish(Checksum.sum(b, icmp, length, 0));
        b[icmp + 2] = (byte) (check >>> 8);
        b[icmp + 3] = (byte) check;
        Ipv4.writeHeader(b, ip, Ipv4.MIN_HEADER_LENGTH + length, 0, 0, 64, Ipv4.PROTOCOL_ICMP, from, to);
        sink.send(egress, ethernet ? LinkLayer.ETHERNET : LinkLayer.RAW_IP, b, 0, ip + Ipv4.MIN_HEADER_LENGTH + length);
        icmpErrorsSent++;
    }

    /** Builds and sends a TCP RST|ACK (no payload) out of {@code egress}. */
    private void sendReset(Policy p, Interface egress, int nextHop, int src, int sport, int dst, int dport, int seq, int ack) {
        boolean ethernet = egressLink[egress.ordinal()] == LinkLayer.ETHERNET;
        int ip = ethernet ? Ethernet.HEADER_LENGTH : 0;
        if (ethernet) {
            writeEthernetHeader(p, egress, nextHop, dst);
        }
        Tcp.writeReset(tx, ip, src, sport, dst, dport, seq, ack);
        sink.send(egress, ethernet ? LinkLayer.ETHERNET : LinkLayer.RAW_IP, tx, 0, ip + 40);
    }

    private Decision noTransit() {
        return count(Verdict.DROP, Stage.NO_TRANSIT, -1);
    }

    private Decision customRules(Policy p, Interface ingress, boolean tracked, int id, int dir, boolean statefulOk,
                                 boolean local, long now) {
        PacketView v = view;
        int deny;
        int allow;
        int gen = p.generation();
        if (tracked && connections.ruleCacheValid(id, gen) && connections.cachedDenyRule(id, dir) != -2) {
            deny = connections.cachedDenyRule(id, dir);
            allow = connections.cachedAllowRule(id, dir);
        } else {
            int zone = ingress == Interface.LAN ? 0 : 1;
            deny = p.matchDeny(zone, v.protocol(), v.source(), v.destination(), v.sourcePort(), v.destinationPort());
            allow = p.matchAllow(zone, v.protocol(), v.source(), v.destination(), v.sourcePort(), v.destinationPort());
            if (tracked) {
                connections.cacheRules(id, dir, gen, deny, allow);
            }
        }
        if (deny >= 0) {
            p.hitFirewallRule(deny);
            return count(Verdict.DROP, Stage.CUSTOM_DENY, deny);
        }
        if (allow >= 0 && statefulOk) {
            p.hitFirewallRule(allow);
            return accept(p, ingress, Stage.CUSTOM_ALLOW, allow, local, tracked, id, dir, now);
        }
        return null;
    }

    /** ICMP and CARP/VRRP both ways; the web interface from the LAN; central-management replies. */
    private boolean presetAllow(Policy p, Interface ingress, boolean local, boolean tracked, int id, int dir) {
        PacketView v = view;
        int proto = v.protocol();
        if (proto == Ipv4.PROTOCOL_ICMP || proto == Ipv4.PROTOCOL_VRRP) {
            return true;
        }
        if (proto != Ipv4.PROTOCOL_TCP || !local) {
            return false;
        }
        int dport = v.destinationPort();
        if (ingress == Interface.LAN && v.destination() == p.lanAddress()
                && (dport == 443 || (p.webServicePort() != 0 && dport == p.webServicePort()))) {
            return true;
        }
        return repliesToGateway(tracked, id, dir) && v.sourcePort() == CENTRAL_MANAGEMENT_PORT;
    }

    /** DHCP, DNS, the MQTT broker and Syslog replies (router). */
    private boolean presetServiceAllowRouter(Policy p, Interface ingress, boolean local, boolean tracked, int id, int dir) {
        if (!local) {
            return false;
        }
        PacketView v = view;
        int proto = v.protocol();
        int dport = v.destinationPort();
        int dst = v.destination();
        if (dhcpServerRequest(p, ingress) || dhcpClientReply(p, ingress)) {
            return true;
        }
        // Services answer on the address of the side the request came from: a WAN host must not
        // reach the LAN-only broker by addressing the LAN address through the WAN.
        boolean ownAddress = dst == p.addressOf(ingress);
        if ((proto == Ipv4.PROTOCOL_UDP || proto == Ipv4.PROTOCOL_TCP) && dport == 53 && ownAddress) {
            return true;
        }
        if (proto == Ipv4.PROTOCOL_TCP && ((dport == 1883 && ingress == Interface.LAN && ownAddress) || (dport == 8883 && ownAddress))) {
            return true;
        }
        return syslogReply(p, tracked, id, dir);
    }

    /** DHCP, Syslog replies and the telemetry listener on the LAN address (diode internal chain). */
    private boolean presetServiceAllowDiode(Policy p, Interface ingress, boolean tracked, int id, int dir) {
        PacketView v = view;
        if (dhcpServerRequest(p, ingress)) {
            return true;
        }
        if (v.protocol() == Ipv4.PROTOCOL_TCP && v.destinationPort() == 1883 && v.destination() == p.lanAddress()) {
            return true;
        }
        return syslogReply(p, tracked, id, dir);
    }

    private boolean dhcpServerRequest(Policy p, Interface ingress) {
        PacketView v = view;
        return ingress == Interface.LAN && v.protocol() == Ipv4.PROTOCOL_UDP && v.destinationPort() == 67
                && (v.destination() == p.lanAddress() || p.isLanBroadcast(v.destination()));
    }

    private boolean dhcpClientReply(Policy p, Interface ingress) {
        PacketView v = view;
        return ingress == Interface.WAN && p.wanDhcp() && v.protocol() == Ipv4.PROTOCOL_UDP
                && v.sourcePort() == 67 && v.destinationPort() == 68;
    }

    private boolean syslogReply(Policy p, boolean tracked, int id, int dir) {
        PacketView v = view;
        int sport = v.sourcePort();
        return repliesToGateway(tracked, id, dir)
                && (v.protocol() == Ipv4.PROTOCOL_TCP || v.protocol() == Ipv4.PROTOCOL_UDP)
                && (sport == p.syslogPort() || sport == SYSLOG_TLS_PORT);
    }

    private boolean repliesToGateway(boolean tracked, int id, int dir) {
        return tracked && dir == Direction.REPLY && connections.hasFlag(id, ConnectionTable.FLAG_LOCAL_ORIGIN);
    }

    // ---- after the decision: track, translate, route, send ---------------------------------

    private Decision accept(Policy p, Interface ingress, Stage stage, int rule, boolean local, boolean tracked,
                            int id, int dir, long now) {
        PacketView v = view;
        Decision d = decision;
        d.reason = null;
        learnNeighbor(p, ingress);
        if (local) {
            if (!tracked && !tupleTaken && trackable(v) && startsFlow(v)
                    && connections.isFree(v.protocol(), v.destination(), v.source(), v.destinationPort(), v.sourcePort(), now)) {
                int proto = v.protocol();
                int conn = connections.create(proto, v.source(), v.destination(), v.sourcePort(), v.destinationPort(),
                        v.destination(), v.source(), v.destinationPort(), v.sourcePort(),
                        now + initialTimeout(proto), ConnectionTable.FLAG_LOCAL_DESTINATION,
                        zones(ingress, Interface.HOST));
                if (conn >= 0 && proto == Ipv4.PROTOCOL_TCP) {
                    tcp.start(connections, conn, v, now);
                }
            }
            d.local = true;
            // Flows to and from the gateway are never inspected.
            d.settled = true;
            return count(Verdict.ACCEPT, stage, rule);
        }
        // Transit.
        if (p.ipsBlocksTransit() || inspectorFailed) {
            d.reason = "ips-not-running";
            return count(Verdict.DROP, Stage.IPS_STOPPED, -1);
        }
        if (!tracked && relatedId >= 0) {
            return forwardRelatedError(p, stage, rule);
        }
        TransitInspector ips = inspector;
        // The IPS sees packets as they look on the LAN side: from the LAN before NAT (here),
        // from the WAN after NAT (below).
        if (ips != null && ingress != Interface.WAN) {
            Decision blocked = ipsBlock(p, ips, ingress, tracked ? id : -1, dir, false, now);
            if (blocked != null) {
                return blocked;
            }
        }
        int src = v.source();
        int dst = v.destination();
        int sport = v.sourcePort();
        int dport = v.destinationPort();
        int newSrc;
        int newDst;
        int newSport;
        int newDport;
        if (tracked) {
            // Leave as the reverse of the other direction's tuple: that undoes or applies NAT.
            int other = dir ^ 1;
            newSrc = connections.destination(id, other);
            newDst = connections.source(id, other);
            newSport = connections.destinationPort(id, other);
            newDport = connections.sourcePort(id, other);
        } else {
            newSrc = src;
            newSport = sport;
            newDst = dst;
            newDport = dport;
            if (pendingForward >= 0) {
                newDst = p.forwardAddress(pendingForward);
                newDport = p.forwardPort(pendingForward);
            }
        }
        long route = p.routes().lookup(newDst);
        if (route == RoutingTable.NO_ROUTE) {
            d.reason = "no-route";
            return count(Verdict.DROP, Stage.NO_ROUTE, -1);
        }
        Interface egress = RoutingTable.egressOf(route);
        if (v.ttl() <= 1) {
            // As a router does (RFC 1812 5.3.1), tell the sender, so that traceroute works.
            sendIcmpError(p, ingress, Icmp.TIME_EXCEEDED, 0, 0, now);
            d.reason = "ttl-exceeded";
            return count(Verdict.DROP, Stage.TTL_EXCEEDED, -1);
        }
        if (v.ipTotalLength() > options.mtu() && (Ipv4.flagsAndFragmentOffset(v.buffer(), v.l3Offset()) & Ipv4.FLAG_DONT_FRAGMENT) != 0) {
            // Path MTU discovery (RFC 1191): the sender asked not to fragment; say what fits.
            sendIcmpError(p, ingress, Icmp.DESTINATION_UNREACHABLE, 4, options.mtu(), now);
            d.reason = "fragmentation-needed";
            return count(Verdict.DROP, Stage.FRAGMENTATION_NEEDED, -1);
        }
        if (!tracked) {
            boolean masquerade = p.masquerading() && egress == Interface.WAN && ingress == Interface.LAN
                    && p.wanAddress() != 0 && src != p.wanAddress();
            if (masquerade) {
                newSrc = p.wanAddress();
                newSport = allocatePort(p, v.protocol(), newSrc, newDst, newDport, sport, now);
                if (newSport < 0) {
                    d.reason = "masquerade-ports-exhausted";
                    return count(Verdict.DROP, Stage.NAT_FAILED, -1);
                }
                if (v.protocol() == Ipv4.PROTOCOL_ICMP) {
                    // An ICMP query has one identifier, standing for both ports of the tuple.
                    newDport = newSport;
                }
            }
            if (trackable(v) && startsFlow(v) && !tupleTaken) {
                if (!connections.isFree(v.protocol(), newDst, newSrc, newDport, newSport, now)) {
                    // Another connection already answers with this tuple (e.g. a forwarded and a
                    // direct flow to the same server port): two entries would confuse replies.
                    d.reason = "reply-tuple-taken";
                    return count(Verdict.DROP, Stage.NAT_FAILED, -1);
                }
                int flags = (masquerade ? ConnectionTable.FLAG_SNAT : 0) | (pendingForward >= 0 ? ConnectionTable.FLAG_DNAT : 0);
                int proto = v.protocol();
                int conn = connections.create(proto, src, dst, sport, dport, newDst, newSrc, newDport, newSport,
                        now + initialTimeout(proto), flags, zones(ingress, egress));
                if (conn < 0) {
                    d.reason = "connection-table-full";
                    return count(Verdict.DROP, Stage.NAT_FAILED, -1);
                }
                if (proto == Ipv4.PROTOCOL_TCP) {
                    tcp.start(connections, conn, v, now);
                    if (!inspectApplicationProtocols || !inspection.start(conn, v.tcpSequence(), newDport)) {
                        // Not followed (detection off, or every inspection slot busy): left alone.
                        connections.setAppProtocol(conn, AppProtocolInspection.DECIDED_NONE);
                    }
                }
                id = conn;
            } else if (masquerade || pendingForward >= 0) {
                // Translation needs a tracked flow to translate the answer back.
                d.reason = "untracked-translation";
                return count(Verdict.DROP, Stage.NAT_FAILED, -1);
            }
        }
        if (newDst != dst || newDport != dport) {
            PacketRewriter.rewriteDestination(v, newDst, newDport);
        }
        if (newSrc != src || newSport != sport) {
            PacketRewriter.rewriteSource(v, newSrc, newSport);
        }
        if (ips != null && ingress == Interface.WAN) {
            Decision blocked = ipsBlock(p, ips, ingress, id, tracked ? dir : Direction.ORIGINAL, !tracked, now);
            if (blocked != null) {
                return blocked;
            }
        }
        Ipv4.decrementTtl(v.buffer(), v.l3Offset());
        v.setTtl(v.ttl() - 1);
        send(p, egress, RoutingTable.nextHopOf(route));
        d.egress = egress;
        // A TCP flow is settled once its application protocol is decided (or not followed), unless
        // an IPS inspects transit: it must see every later packet (a write after a hundred reads).
        d.settled = id >= 0 && (v.protocol() != Ipv4.PROTOCOL_TCP || (ips == null && connections.appProtocol(id) != 0));
        return count(Verdict.ACCEPT, stage, rule);
    }

    /**
     * An ICMP error quoting a packet of a tracked flow: the quoted packet, read backwards, is a
     * packet of the flow travelling towards the error's sender, so the error itself travels like
     * a packet of the opposite direction.
     */
    private void findRelated(Interface ingress, long now) {
        PacketView v = view;
        int q = IcmpErrorTranslator.quote(v);
        if (q < 0) {
            return;
        }
        byte[] b = v.buffer();
        int proto = Ipv4.protocol(b, q);
        int handle = connections.lookup(proto, Ipv4.destination(b, q), Ipv4.source(b, q),
                IcmpErrorTranslator.quotedDestinationPort(b, q), IcmpErrorTranslator.quotedSourcePort(b, q), now);
        if (handle >= 0) {
            int id = handle >>> 1;
            int dir = handle & 1;
            // The error travels like a packet of direction dir: it must arrive where those
            // arrive and be addressed to whom they are addressed, or it is unrelated.
            if (arrivedWhereExpected(id, dir, ingress) && v.destination() == connections.destination(id, dir)) {
                relatedId = id;
                relatedDir = dir;
                relatedQuote = q;
            }
        }
    }

    /** Forwards an ICMP error about a transit flow, translated for that flow's NAT. */
    private Decision forwardRelatedError(Policy p, Stage stage, int rule) {
        PacketView v = view;
        Decision d = decision;
        int id = relatedId;
        int dir = relatedDir;
        int other = dir ^ 1;
        int outerDst = connections.source(id, other);
        // An error from the peer itself carries the peer's translated address; one from a router
        // on the path keeps the router's (unless it leaves by the translated side, below).
        int outerSrc = v.source() == connections.source(id, dir) ? connections.destination(id, other) : v.source();
        long route = p.routes().lookup(outerDst);
        if (route == RoutingTable.NO_ROUTE) {
            d.reason = "no-route";
            return count(Verdict.DROP, Stage.NO_ROUTE, -1);
        }
        if (v.ttl() <= 1) {
            d.reason = "ttl-exceeded";
            return count(Verdict.DROP, Stage.TTL_EXCEEDED, -1);
        }
        Interface egress = RoutingTable.egressOf(route);
        if (egress == Interface.WAN && connections.hasFlag(id, ConnectionTable.FLAG_SNAT | ConnectionTable.FLAG_DNAT)) {
            // Leaving by the translated side, a router behind the gateway must not show its
            // private address: the error comes from the flow's public address, as the flow does.
            outerSrc = connections.destination(id, other);
        }
        IcmpErrorTranslator.rewrite(v, relatedQuote,
                connections.source(id, other), connections.sourcePort(id, other),
                connections.destination(id, other), connections.destinationPort(id, other), outerSrc, outerDst);
        Ipv4.decrementTtl(v.buffer(), v.l3Offset());
        v.setTtl(v.ttl() - 1);
        send(p, egress, RoutingTable.nextHopOf(route));
        d.egress = egress;
        return count(Verdict.ACCEPT, stage, rule);
    }

    private int allocatePort(Policy p, int proto, int translatedSource, int remote, int remotePort, int preferred, long now) {
        // A masqueraded flow must not take a port that is forwarded inward.
        return PortAllocator.allocate(connections, proto, translatedSource, remote, remotePort, preferred, now,
                p.forwardedPorts(proto));
    }

    /** The gateway's own frames: always accepted and tracked, sent where routing says. */
    private Decision localOut(Policy p, long now) {
        PacketView v = view;
        Decision d = decision;
        if (v.isArp()) {
            int target = Arp.targetIp(v.buffer(), v.l3Offset());
            Interface egress = p.isInLanSubnet(target) ? Interface.LAN : Interface.WAN;
            sendRaw(egress, v.buffer(), v.frameOffset(), v.frameLength(), v.l3Offset());
            d.egress = egress;
            return count(Verdict.ACCEPT, Stage.LOCAL_OUT, -1);
        }
        if (!v.isIpv4()) {
            d.reason = "not-ipv4";
            return count(Verdict.DROP, Stage.PRESET_BLOCK, -1);
        }
        int src = v.source();
        int dst = v.destination();
        Interface egress;
        int nextHop;
        if (dst == Ipv4.LIMITED_BROADCAST || Ipv4.isMulticast(dst) || p.isLanBroadcast(dst) || p.isWanBroadcast(dst)) {
            egress = (p.wanAddress() != 0 && src == p.wanAddress()) || (p.isWanBroadcast(dst) && dst != Ipv4.LIMITED_BROADCAST)
                    ? Interface.WAN : Interface.LAN;
            nextHop = dst;
        } else {
            long route = p.routes().lookup(dst);
            if (route == RoutingTable.NO_ROUTE) {
                d.reason = "no-route";
                return count(Verdict.DROP, Stage.NO_ROUTE, -1);
            }
            egress = RoutingTable.egressOf(route);
            nextHop = RoutingTable.nextHopOf(route);
        }
        if (!v.isFragment() && trackable(v)) {
            int proto = v.protocol();
            int handle = connections.lookup(proto, src, dst, v.sourcePort(), v.destinationPort(), now);
            if (handle >= 0) {
                int id = handle >>> 1;
                if (proto == Ipv4.PROTOCOL_TCP) {
                    if (tcp.track(connections, id, handle & 1, v, now) == TcpTracker.REOPEN) {
                        connections.remove(id);
                        handle = -1;
                    }
                } else {
                    refresh(id, handle & 1, proto, now);
                }
            }
            if (handle < 0 && startsFlow(v) && connections.isFree(proto, dst, src, v.destinationPort(), v.sourcePort(), now)) {
                int conn = connections.create(proto, src, dst, v.sourcePort(), v.destinationPort(),
                        dst, src, v.destinationPort(), v.sourcePort(), now + initialTimeout(proto),
                        ConnectionTable.FLAG_LOCAL_ORIGIN, zones(Interface.HOST, egress));
                if (conn >= 0 && proto == Ipv4.PROTOCOL_TCP) {
                    tcp.start(connections, conn, v, now);
                }
            }
        }
        send(p, egress, nextHop);
        d.egress = egress;
        return count(Verdict.ACCEPT, Stage.LOCAL_OUT, -1);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Protocols whose flows are tracked: TCP, UDP, ICMP queries and their replies, and others by address pair. */
    private static boolean trackable(PacketView v) {
        if (v.protocol() == Ipv4.PROTOCOL_ICMP) {
            int type = v.icmpType();
            return Icmp.isQuery(type) || Icmp.isQueryReply(type);
        }
        return true;
    }

    /** Whether this packet may open a new tracked flow: a TCP SYN, an ICMP query, anything else. */
    private static boolean startsFlow(PacketView v) {
        return switch (v.protocol()) {
            case Ipv4.PROTOCOL_TCP -> v.isTcpSynOnly();
            case Ipv4.PROTOCOL_ICMP -> Icmp.isQuery(v.icmpType());
            default -> true;
        };
    }

    private long initialTimeout(int proto) {
        return switch (proto) {
            case Ipv4.PROTOCOL_TCP -> options.timeouts().tcp(1);
            case Ipv4.PROTOCOL_UDP -> options.timeouts().udpUnreplied();
            case Ipv4.PROTOCOL_ICMP -> options.timeouts().icmp();
            default -> options.timeouts().generic();
        };
    }

    private void refresh(int id, int dir, int proto, long now) {
        if (dir == Direction.REPLY) {
            connections.addFlags(id, ConnectionTable.FLAG_SEEN_REPLY);
        }
        long timeout = switch (proto) {
            case Ipv4.PROTOCOL_UDP -> connections.hasFlag(id, ConnectionTable.FLAG_SEEN_REPLY)
                    ? options.timeouts().udpReplied() : options.timeouts().udpUnreplied();
            case Ipv4.PROTOCOL_ICMP -> options.timeouts().icmp();
            default -> options.timeouts().generic();
        };
        connections.setExpires(id, now + timeout);
    }

    private static int zones(Interface original, Interface reply) {
        return original.ordinal() | reply.ordinal() << ZONE_SHIFT_REPLY;
    }

    /** A tracked flow's packets must come from the side they were seen on, or they are spoofed. */
    private boolean arrivedWhereExpected(int id, int dir, Interface ingress) {
        int zones = connections.zone(id);
        int expected = dir == Direction.ORIGINAL ? zones & 3 : (zones >>> ZONE_SHIFT_REPLY) & 3;
        return expected == ingress.ordinal();
    }

    /**
     * Learns the MAC of an on-link sender from a frame the policy accepted. Only accepted frames
     * and only on-link sources: a dropped frame, or an off-link source claiming to come through
     * a router, must not be able to redirect the gateway's traffic.
     */
    private void learnNeighbor(Policy p, Interface ingress) {
        PacketView v = view;
        if (v.linkLayer() != LinkLayer.ETHERNET || ingress == Interface.HOST) {
            return;
        }
        int src = v.source();
        boolean onLink = ingress == Interface.LAN ? p.isInLanSubnet(src) : p.isInWanSubnet(src);
        if (onLink) {
            neighbors[ingress.ordinal()].learn(src, Ethernet.macAsLong(v.buffer(), v.frameOffset() + Ethernet.SOURCE_OFFSET));
        }
    }

    private void learnArp(Policy p, Interface ingress) {
        PacketView v = view;
        byte[] b = v.buffer();
        int arp = v.l3Offset();
        if (Arp.isEthernetIpv4(b, arp)) {
            int sender = Arp.senderIp(b, arp);
            boolean onLink = ingress == Interface.LAN ? p.isInLanSubnet(sender) : p.isInWanSubnet(sender);
            if (sender != 0 && onLink && !p.isGatewayAddress(sender)) {
                neighbors[ingress.ordinal()].learn(sender, Ethernet.macAsLong(b, arp + Arp.SENDER_MAC_OFFSET));
            }
        }
    }

    /** Sends the IP packet in the view out of {@code egress}, with a fresh link-layer header. */
    private void send(Policy p, Interface egress, int nextHop) {
        PacketView v = view;
        int length = v.ipTotalLength();
        if (length > options.mtu()) {
            sendFragmented(p, egress, nextHop);
            return;
        }
        if (egressLink[egress.ordinal()] == LinkLayer.RAW_IP) {
            sink.send(egress, LinkLayer.RAW_IP, v.buffer(), v.l3Offset(), length);
            return;
        }
        writeEthernetHeader(p, egress, nextHop, v.destination());
        System.arraycopy(v.buffer(), v.l3Offset(), tx, Ethernet.HEADER_LENGTH, length);
        sink.send(egress, LinkLayer.ETHERNET, tx, 0, Ethernet.HEADER_LENGTH + length);
    }

    private void writeEthernetHeader(Policy p, Interface egress, int nextHop, int destination) {
        long dmac;
        if (destination == Ipv4.LIMITED_BROADCAST || p.isLanBroadcast(destination) || p.isWanBroadcast(destination)) {
            dmac = BROADCAST_MAC;
        } else if (Ipv4.isMulticast(destination)) {
            dmac = 0x01005e000000L | (destination & 0x7fffff);
        } else {
            dmac = neighbors[egress == Interface.WAN ? 1 : 0].lookup(nextHop);
            if (dmac == NeighborTable.UNKNOWN) {
                // A real stack would ARP first; the replay has no one to ask.
                unknownNeighbors++;
                dmac = BROADCAST_MAC;
            }
        }
        Ethernet.putMac(tx, Ethernet.DESTINATION_OFFSET, dmac);
        Ethernet.putMac(tx, Ethernet.SOURCE_OFFSET, p.macOf(egress));
        tx[Ethernet.TYPE_OFFSET] = (byte) (Ethernet.TYPE_IPV4 >>> 8);
        tx[Ethernet.TYPE_OFFSET + 1] = (byte) Ethernet.TYPE_IPV4;
    }

    /** Splits a datagram larger than the MTU into fragments (RFC 791), reusing the transmit buffer. */
    private void sendFragmented(Policy p, Interface egress, int nextHop) {
        PacketView v = view;
        byte[] b = v.buffer();
        int ip = v.l3Offset();
        int ihl = v.ipHeaderLength();
        int payload = v.ipTotalLength() - ihl;
        int chunk = ((options.mtu() - ihl) / 8) * 8;
        boolean ethernet = egressLink[egress.ordinal()] == LinkLayer.ETHERNET;
        int l3 = ethernet ? Ethernet.HEADER_LENGTH : 0;
        for (int off = 0; off < payload; off += chunk) {
            int len = Math.min(chunk, payload - off);
            boolean last = off + len >= payload;
            if (ethernet) {
                writeEthernetHeader(p, egress, nextHop, v.destination());
            }
            // The first fragment carries every option; the others only those marked "copied"
            // (RFC 791), so their header may be shorter. A shorter header leaves room for the
            // same 8-byte-aligned chunk, which is all that matters for the offsets.
            int h = off == 0 ? copyHeader(b, ip, ihl, l3, true) : copyHeader(b, ip, ihl, l3, false);
            System.arraycopy(b, ip + ihl + off, tx, l3 + h, len);
            int total = h + len;
            tx[l3 + Ipv4.TOTAL_LENGTH_OFFSET] = (byte) (total >>> 8);
            tx[l3 + Ipv4.TOTAL_LENGTH_OFFSET + 1] = (byte) total;
            int fragmentField = (off >>> 3) | (last ? 0 : Ipv4.FLAG_MORE_FRAGMENTS);
            tx[l3 + Ipv4.FRAGMENT_OFFSET] = (byte) (fragmentField >>> 8);
            tx[l3 + Ipv4.FRAGMENT_OFFSET + 1] = (byte) fragmentField;
            Ipv4.fillChecksum(tx, l3);
            sink.send(egress, ethernet ? LinkLayer.ETHERNET : LinkLayer.RAW_IP, tx, 0, l3 + total);
        }
    }

    /**
     * Copies the IPv4 header at {@code ip} into the transmit buffer at {@code to}, all options or
     * only the copied ones, padded to a multiple of 4; returns the new header length.
     */
    private int copyHeader(byte[] b, int ip, int ihl, int to, boolean allOptions) {
        if (allOptions || ihl == Ipv4.MIN_HEADER_LENGTH) {
            System.arraycopy(b, ip, tx, to, ihl);
            return ihl;
        }
        System.arraycopy(b, ip, tx, to, Ipv4.MIN_HEADER_LENGTH);
        int out = to + Ipv4.MIN_HEADER_LENGTH;
        int i = ip + Ipv4.MIN_HEADER_LENGTH;
        int end = ip + ihl;
        while (i < end) {
            int type = b[i] & 0xff;
            if (type == 0) {
                break;
            }
            int length = type == 1 ? 1 : b[i + 1] & 0xff;
            if ((type & 0x80) != 0) {
                System.arraycopy(b, i, tx, out, length);
                out += length;
            }
            i += length;
        }
        while (((out - to) & 3) != 0) {
            tx[out++] = 0;
        }
        int h = out - to;
        tx[to] = (byte) (0x40 | (h >>> 2));
        return h;
    }

    private void sendRaw(Interface egress, byte[] b, int frameOffset, int frameLength, int l3Offset) {
        if (egressLink[egress.ordinal()] == view.linkLayer()) {
            sink.send(egress, view.linkLayer(), b, frameOffset, frameLength);
        } else if (view.linkLayer() == LinkLayer.ETHERNET) {
            sink.send(egress, LinkLayer.RAW_IP, b, l3Offset, frameLength - (l3Offset - frameOffset));
        }
    }

    // ---- counters ----------------------------------------------------------------------------

    /** A snapshot of the counters (allocates; not for the packet path). */
    public EngineCounters counters() {
        Map<Stage, Long> byStage = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            byStage.put(s, stageCounts[s.ordinal()]);
        }
        Map<Malformation, Long> malformed = new EnumMap<>(Malformation.class);
        for (Malformation m : Malformation.values()) {
            if (malformedCounts[m.ordinal()] != 0) {
                malformed.put(m, malformedCounts[m.ordinal()]);
            }
        }
        Policy p = policy;
        long[] fw = p.firewallRuleHits();
        long[] napt = p.portForwardRuleHits();
        Map<AppProtocol, Long> detected = new EnumMap<>(AppProtocol.class);
        Map<AppProtocol, Long> blocked = new EnumMap<>(AppProtocol.class);
        for (AppProtocol a : AppProtocol.values()) {
            detected.put(a, inspection.detector().detected(a));
            blocked.put(a, appProtocolsBlocked[AppProtocolDetector.codeOf(a)]);
        }
        return new EngineCounters(packets, byStage, fw, napt, malformed, connections.size(), connections.evictions(),
                connections.expirations(), connections.insertFailures(), fragments.completedCount(),
                fragments.overlapCount(), fragments.timeoutCount(), fragments.limitDropCount(), tcpInvalid, unknownNeighbors,
                detected, blocked, inspection.detector().undecidedAtBound(), inspection.unInspected(), icmpErrorsSent);
    }
}
