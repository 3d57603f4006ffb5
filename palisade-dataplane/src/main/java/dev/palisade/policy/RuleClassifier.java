package dev.palisade.policy;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.PortRange;
import dev.palisade.packet.Ipv4;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the first rule of an ordered rule list that matches a packet, in time that does not grow
 * with the number of rules in any way that matters for 512 rules.
 *
 * <p>This is the bit-vector scheme of Lakshman and Stiliadis ("High-speed policy-based packet
 * forwarding using efficient multi-dimensional range matching", SIGCOMM 1998): each field's
 * value space is cut into elementary intervals at every rule boundary, and each interval
 * carries the bit set of the rules that match it. A lookup finds the interval of each field
 * (binary search for addresses, a direct table for ports, constant for zone and protocol), ANDs
 * the bit sets word by word, and the lowest set bit is the first matching rule in table order.
 * 512 rules are 8 words per field.
 */
public final class RuleClassifier {

    private static final int PROTO_TCP = 0;
    private static final int PROTO_UDP = 1;
    private static final int PROTO_ICMP = 2;
    private static final int PROTO_OTHER = 3;

    private final int words;
    private final int[] ruleIndex;          // bit position -> index in the original rule table
    private final long[] zoneBits;          // [zone][word]
    private final long[] protocolBits;      // [protocol class][word]
    private final long[] portlessBits;      // rules with no port constraint (for ICMP and others)
    private final int[] sourceBounds;       // sign-flipped interval starts, ascending
    private final long[] sourceBits;
    private final int[] destinationBounds;
    private final long[] destinationBits;
    private final char[] sourcePortClass;
    private final long[] sourcePortBits;
    private final char[] destinationPortClass;
    private final long[] destinationPortBits;
    // Per interval, the first and last word holding a set bit (empty: first > last). A lookup
    // ANDs only the words where every field has bits, usually one word whatever the rule count.
    private final byte[] sourceWords;
    private final byte[] destinationWords;
    private final byte[] sourcePortWords;
    private final byte[] destinationPortWords;
    // Interval ranges by the top 12 address bits, so the binary search runs over a few bounds.
    private final int[] sourceIndex;
    private final int[] destinationIndex;

    /**
     * @param rules the rules of one group, in table order
     * @param indices for each rule, its index in {@code NETWORK.FIREWALL.rules}
     */
    public RuleClassifier(List<FirewallRule> rules, int[] indices) {
        int n = rules.size();
        this.words = Math.max(1, (n + 63) >>> 6);
        this.ruleIndex = indices.clone();
        this.zoneBits = new long[2 * words];
        this.protocolBits = new long[4 * words];
        this.portlessBits = new long[words];
        for (int r = 0; r < n; r++) {
            FirewallRule rule = rules.get(r);
            int zone = rule.zone() == FirewallRule.Zone.IN ? 0 : 1;
            set(zoneBits, zone, r);
            switch (rule.protocol()) {
                case ANY -> {
                    for (int p = 0; p < 4; p++) {
                        set(protocolBits, p, r);
                    }
                }
                case TCP -> set(protocolBits, PROTO_TCP, r);
                case UDP -> set(protocolBits, PROTO_UDP, r);
                case ICMP -> set(protocolBits, PROTO_ICMP, r);
            }
            if (rule.sourcePort().isAny() && rule.destinationPort().isAny()) {
                set(portlessBits, 0, r);
            }
        }
        this.sourceBounds = addressBounds(rules, true);
        this.sourceBits = addressBits(rules, true, sourceBounds);
        this.destinationBounds = addressBounds(rules, false);
        this.destinationBits = addressBits(rules, false, destinationBounds);
        this.sourcePortClass = new char[65536];
        this.sourcePortBits = portBits(rules, true, sourcePortClass);
        this.destinationPortClass = new char[65536];
        this.destinationPortBits = portBits(rules, false, destinationPortClass);
        this.sourceWords = wordRanges(sourceBits);
        this.destinationWords = wordRanges(destinationBits);
        this.sourcePortWords = wordRanges(sourcePortBits);
        this.destinationPortWords = wordRanges(destinationPortBits);
        this.sourceIndex = topIndex(sourceBounds);
        this.destinationIndex = topIndex(destinationBounds);
    }

    /** For each row of {@code bits}: first and last non-zero word (2 bytes per row; 255, 0 when empty). */
    private byte[] wordRanges(long[] bits) {
        int rows = bits.length / words;
        byte[] ranges = new byte[rows * 2];
        for (int row = 0; row < rows; row++) {
            int first = 255;
            int last = 0;
            for (int w = 0; w < words; w++) {
                if (bits[row * words + w] != 0) {
                    first = Math.min(first, w);
                    last = w;
                }
            }
            ranges[row * 2] = (byte) first;
            ranges[row * 2 + 1] = (byte) last;
        }
        return ranges;
    }

    /** For each value of the top 12 address bits, the interval holding its lowest address. */
    private static int[] topIndex(int[] bounds) {
        int[] index = new int[4097];
        for (int top = 0; top < 4096; top++) {
            index[top] = search(bounds, top << 20, 0, bounds.length - 1);
        }
        index[4096] = bounds.length - 1;
        return index;
    }

    private void set(long[] bits, int row, int rule) {
        bits[row * words + (rule >>> 6)] |= 1L << (rule & 63);
    }

    private static Ipv4Prefix prefix(FirewallRule rule, boolean source) {
        return source ? rule.source() : rule.destination();
    }

    private static int[] addressBounds(List<FirewallRule> rules, boolean source) {
        TreeSet<Long> starts = new TreeSet<>();
        starts.add(0L);
        for (FirewallRule rule : rules) {
            Ipv4Prefix p = prefix(rule, source);
            long lo = p.address() & 0xffffffffL;
            long hi = lo + (1L << (32 - p.length()));
            starts.add(lo);
            if (hi <= 0xffffffffL) {
                starts.add(hi);
            }
        }
        int[] bounds = new int[starts.size()];
        int i = 0;
        for (long s : starts) {
            bounds[i++] = (int) s ^ Integer.MIN_VALUE;
        }
        return bounds;
    }

    private long[] addressBits(List<FirewallRule> rules, boolean source, int[] bounds) {
        long[] bits = new long[bounds.length * words];
        for (int k = 0; k < bounds.length; k++) {
            int start = bounds[k] ^ Integer.MIN_VALUE;
            for (int r = 0; r < rules.size(); r++) {
                if (prefix(rules.get(r), source).contains(start)) {
                    set(bits, k, r);
                }
            }
        }
        return bits;
    }

    private long[] portBits(List<FirewallRule> rules, boolean source, char[] classOfPort) {
        TreeSet<Integer> starts = new TreeSet<>();
        starts.add(0);
        for (FirewallRule rule : rules) {
            PortRange range = source ? rule.sourcePort() : rule.destinationPort();
            starts.add(range.first());
            if (range.last() < 65535) {
                starts.add(range.last() + 1);
            }
        }
        int[] s = starts.stream().mapToInt(Integer::intValue).toArray();
        long[] bits = new long[s.length * words];
        for (int k = 0; k < s.length; k++) {
            int end = k + 1 < s.length ? s[k + 1] : 65536;
            Arrays.fill(classOfPort, s[k], end, (char) k);
            for (int r = 0; r < rules.size(); r++) {
                PortRange range = source ? rules.get(r).sourcePort() : rules.get(r).destinationPort();
                if (range.contains(s[k])) {
                    set(bits, k, r);
                }
            }
        }
        return bits;
    }

    private static int intervalOf(int[] bounds, int[] index, int address) {
        int top = address >>> 20;
        return search(bounds, address, index[top], top == 4095 ? bounds.length - 1 : index[top + 1]);
    }

    /** The last interval in [lo, hi] starting at or below {@code address}; bounds[lo] is at or below it. */
    private static int search(int[] bounds, int address, int lo, int hi) {
        int key = address ^ Integer.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (bounds[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Index (in the firewall table) of the first rule matching, or -1.
     *
     * @param zone 0 when the packet arrived from the LAN (rule zone In), 1 from the WAN (Out)
     */
    public int match(int zone, int protocol, int source, int destination, int sourcePort, int destinationPort) {
        int protocolClass;
        boolean ported;
        switch (protocol) {
            case Ipv4.PROTOCOL_TCP -> {
                protocolClass = PROTO_TCP;
                ported = true;
            }
            case Ipv4.PROTOCOL_UDP -> {
                protocolClass = PROTO_UDP;
                ported = true;
            }
            case Ipv4.PROTOCOL_ICMP -> {
                protocolClass = PROTO_ICMP;
                ported = false;
            }
            default -> {
                protocolClass = PROTO_OTHER;
                ported = false;
            }
        }
        int w = words;
        int z = zone * w;
        int p = protocolClass * w;
        int si = intervalOf(sourceBounds, sourceIndex, source);
        int di = intervalOf(destinationBounds, destinationIndex, destination);
        int first = Math.max(sourceWords[si * 2] & 0xff, destinationWords[di * 2] & 0xff);
        int last = Math.min(sourceWords[si * 2 + 1], destinationWords[di * 2 + 1]);
        int s = si * w;
        int d = di * w;
        if (ported) {
            int spc = sourcePortClass[sourcePort];
            int dpc = destinationPortClass[destinationPort];
            first = Math.max(first, Math.max(sourcePortWords[spc * 2] & 0xff, destinationPortWords[dpc * 2] & 0xff));
            last = Math.min(last, Math.min(sourcePortWords[spc * 2 + 1], destinationPortWords[dpc * 2 + 1]));
            int sp = spc * w;
            int dp = dpc * w;
            for (int i = first; i <= last; i++) {
                long m = zoneBits[z + i] & protocolBits[p + i] & sourceBits[s + i] & destinationBits[d + i]
                        & sourcePortBits[sp + i] & destinationPortBits[dp + i];
                if (m != 0) {
                    return ruleIndex[(i << 6) + Long.numberOfTrailingZeros(m)];
                }
            }
        } else {
            for (int i = first; i <= last; i++) {
                long m = zoneBits[z + i] & protocolBits[p + i] & sourceBits[s + i] & destinationBits[d + i] & portlessBits[i];
                if (m != 0) {
                    return ruleIndex[(i << 6) + Long.numberOfTrailingZeros(m)];
                }
            }
        }
        return -1;
    }
}
