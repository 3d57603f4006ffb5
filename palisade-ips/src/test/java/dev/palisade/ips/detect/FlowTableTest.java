package dev.palisade.ips.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FlowTable} against the access-ordered {@code LinkedHashMap} it replaced, over seeded
 * random lookups, insertions and removals of IPv4 and IPv6 flows seen from both directions: the
 * same flows are found, and the recency order (idle expiry, end-of-capture order) is the same.
 */
class FlowTableTest {

    private static PacketMeta packet(Random r, int proto, byte[] a, int ap, byte[] b, int bp, boolean reversed) {
        PacketMeta p = new PacketMeta();
        p.ipProtocol = proto;
        System.arraycopy(reversed ? b : a, 0, p.source, 0, 16);
        System.arraycopy(reversed ? a : b, 0, p.destination, 0, 16);
        p.sourcePort = reversed ? bp : ap;
        p.destinationPort = reversed ? ap : bp;
        return p;
    }

    private static byte[] address(Random r, boolean v6) {
        byte[] a = new byte[16];
        if (v6) {
            for (int i = 0; i < 16; i++) {
                a[i] = (byte) r.nextInt(4);
            }
        } else {
            for (int i = 12; i < 16; i++) {
                a[i] = (byte) r.nextInt(4);
            }
        }
        return a;
    }

    /** The old key: protocol, ends in canonical order (as text, enough for equality). */
    private static String key(PacketMeta p) {
        String s = java.util.Arrays.toString(p.source) + ":" + p.sourcePort;
        String d = java.util.Arrays.toString(p.destination) + ":" + p.destinationPort;
        return p.ipProtocol + (s.compareTo(d) <= 0 ? s + "|" + d : d + "|" + s);
    }

    @Test
    void behavesAsTheAccessOrderedMapItReplaced() {
        Random r = new Random(42);
        FlowTable table = new FlowTable();
        Map<String, Flow> reference = new LinkedHashMap<>(16, 0.75f, true);
        for (int step = 0; step < 200_000; step++) {
            boolean v6 = r.nextInt(4) == 0;
            int proto = r.nextBoolean() ? 6 : 17;
            byte[] a = address(r, v6);
            byte[] b = address(r, v6);
            PacketMeta p = packet(r, proto, a, r.nextInt(8), b, r.nextInt(8), r.nextBoolean());
            String k = key(p);
            table.key(p);
            Flow found = table.get();
            assertThat(found).isSameAs(reference.get(k));
            int op = r.nextInt(10);
            if (found == null && op < 6) {
                Flow f = new Flow(step, proto, v6, p.source, p.sourcePort, p.destination, p.destinationPort);
                table.add(f);
                reference.put(k, f);
            } else if (found != null && op == 9) {
                assertThat(table.remove(found)).isTrue();
                assertThat(table.remove(found)).isFalse();
                reference.remove(k);
            } else if (op == 8 && !reference.isEmpty()) {
                Flow eldest = table.eldest();
                assertThat(eldest).isSameAs(reference.values().iterator().next());
                table.remove(eldest);
                reference.values().remove(eldest);
            }
            assertThat(table.size()).isEqualTo(reference.size());
        }
        List<Flow> order = new ArrayList<>(reference.values());
        assertThat(table.inRecencyOrder()).containsExactlyElementsOf(order);
        assertThat(table.size()).isGreaterThan(1000);
    }

    @Test
    void bothDirectionsOfAConnectionAreOneFlow() {
        Random r = new Random(1);
        FlowTable table = new FlowTable();
        byte[] a = address(r, false);
        a[15] = 1;
        byte[] b = address(r, false);
        b[15] = 2;
        PacketMeta out = packet(r, 6, a, 40000, b, 502, false);
        boolean outLow = table.key(out);
        Flow f = new Flow(1, 6, false, a, 40000, b, 502);
        table.add(f);
        PacketMeta back = packet(r, 6, a, 40000, b, 502, true);
        boolean backLow = table.key(back);
        assertThat(table.get()).isSameAs(f);
        assertThat(backLow).isNotEqualTo(outLow);
        PacketMeta udp = packet(r, 17, a, 40000, b, 502, false);
        table.key(udp);
        assertThat(table.get()).isNull();
    }
}
