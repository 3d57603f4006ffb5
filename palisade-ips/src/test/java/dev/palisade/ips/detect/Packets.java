package dev.palisade.ips.detect;

import dev.palisade.ips.rules.Rule;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.RuleVariables;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: rules from text, packets filled field by field. */
final class Packets {

    private Packets() {
    }

    static CompiledRules rules(String... lines) {
        RuleSet set = RuleParser.withInstalledProtocols(RuleVariables.defaults()).parse("test.rules", String.join("\n", lines));
        if (set.hasErrors() || !set.skipped().isEmpty()) {
            throw new IllegalArgumentException(set.diagnostics().toString());
        }
        return CompiledRules.compile(set);
    }

    /** A packet; addresses dotted IPv4; payload as ISO-8859-1 text. */
    static PacketMeta packet(int proto, String src, int sp, String dst, int dp, String payload) {
        return packet(proto, src, sp, dst, dp, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    static PacketMeta packet(int proto, String src, int sp, String dst, int dp, byte[] payload) {
        PacketMeta p = new PacketMeta();
        p.ipProtocol = proto;
        v4(src, p.source);
        v4(dst, p.destination);
        p.sourcePort = sp;
        p.destinationPort = dp;
        byte[] buf = new byte[payload.length + 7];
        System.arraycopy(payload, 0, buf, 7, payload.length);
        p.buffer = buf;
        p.payloadOffset = 7;
        p.payloadLength = payload.length;
        p.toServer = true;
        p.timeNanos = 1_000_000_000L;
        return p;
    }

    private static void v4(String dotted, byte[] out) {
        String[] parts = dotted.split("\\.");
        for (int i = 0; i < 4; i++) {
            out[12 + i] = (byte) Integer.parseInt(parts[i]);
        }
    }

    /** Sids that matched, in order, through the prefiltered path. */
    static List<Long> sids(Matcher m, PacketMeta p) {
        List<Long> out = new ArrayList<>();
        m.packet(p, (Rule r, Object tx) -> out.add(r.sid()));
        return out;
    }

    /** Sids through the reference path (every rule evaluated). */
    static List<Long> naive(Matcher m, PacketMeta p) {
        List<Long> out = new ArrayList<>();
        m.packetWithoutPrefilter(p, (Rule r, Object tx) -> out.add(r.sid()));
        return out;
    }
}
