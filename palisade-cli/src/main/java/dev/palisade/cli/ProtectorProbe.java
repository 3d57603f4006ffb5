package dev.palisade.cli;

import dev.palisade.ips.detect.CompiledRules;
import dev.palisade.ips.rules.Action;
import dev.palisade.ips.detect.Inspection;
import dev.palisade.ips.detect.Protector;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.packet.Checksum;
import dev.palisade.system.selftest.IpsCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The industrial IPS's own diagnosis for the self-test, over the running Network Protector: how
 * many rules it has loaded, and whether a known-bad packet is detected by a separate protector
 * compiled from the same rule files plus one self-test rule (a Modbus "write single coil" to port
 * 502 alerts). The separate protector keeps the running one's flows and counters untouched, and
 * the extra rule makes the expected outcome independent of what the administrator's rules
 * allow; compiling the running files again also proves they still load. The packet is a complete
 * IPv4/TCP segment with correct checksums carrying one Modbus/TCP request, picked up midstream.
 */
final class ProtectorProbe implements IpsCheck.Probe {

    static final String FILE = "palisade-self-test.rules";
    static final long SID = 999_999_001L;
    static final String RULE = "alert modbus any any -> any 502 (msg:\"palisade self-test: Modbus write single coil\"; "
            + "modbus: function 5; sid:" + SID + "; rev:1;)\n";

    private final NetworkProtector running;
    private final List<RuleParser.RuleFile> files;

    /** @param files the rule files {@code running} was started with */
    ProtectorProbe(NetworkProtector running, List<RuleParser.RuleFile> files) {
        this.running = Objects.requireNonNull(running, "running");
        this.files = List.copyOf(files);
    }

    @Override
    public IpsCheck.ProbeResult probe() {
        int loaded = running.protector().rules().size();
        List<RuleParser.RuleFile> withProbe = new ArrayList<>(files);
        withProbe.add(new RuleParser.RuleFile(FILE, RULE));
        CompiledRules rules;
        CompiledRules alone;
        try {
            rules = NetworkProtector.compile(withProbe);
            alone = NetworkProtector.compile(List.of(new RuleParser.RuleFile(FILE, RULE)));
        } catch (NetworkProtector.RulesRejected e) {
            return new IpsCheck.ProbeResult(loaded, false, "the running rule files no longer compile: " + e.getMessage());
        }
        String what = "Modbus/TCP write single coil 192.0.2.10:40000 -> 192.0.2.20:502";
        Inspection i = inspect(rules);
        if (i.action() == Action.PASS) {
            // A configured pass rule admits it (Suricata's order: pass first); the detector itself is judged alone.
            long passSid = i.sid();
            Inspection own = inspect(alone);
            return new IpsCheck.ProbeResult(loaded, detected(own), what + " is passed by configured rule sid " + passSid
                    + "; the detector alone " + (detected(own) ? "detects it (sid " + own.sid() + ")" : "does not detect it"));
        }
        if (!detected(i)) {
            return new IpsCheck.ProbeResult(loaded, false, what + " passed uninspected");
        }
        return new IpsCheck.ProbeResult(loaded, true, what + " -> " + i.action().name().toLowerCase(java.util.Locale.ROOT)
                + " by sid " + i.sid() + (i.sid() == SID ? " (the self-test rule)" : " (a configured rule)"));
    }

    private static Inspection inspect(CompiledRules rules) {
        Protector probe = new Protector(rules, ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
        byte[] packet = modbusWriteSingleCoil();
        return probe.inspectIp(packet, 0, packet.length, System.nanoTime());
    }

    private static boolean detected(Inspection i) {
        return i.action() != null && i.action() != Action.PASS;
    }

    /**
     * <pre>
     *  0   IPv4: 0x45 | total length 52 | id | DF | TTL 64 | TCP | checksum | 192.0.2.10 -> 192.0.2.20 (TEST-NET-1)
     *  20  TCP: 40000 -> 502 | seq | ack | offset 5, flags PSH+ACK | window | checksum | urgent 0
     *  40  MBAP: transaction 1 | protocol 0 | length 6 | unit 1
     *  47  PDU: function 5 (write single coil) | address 1 | value 0xFF00 (on)
     * </pre>
     */
    static byte[] modbusWriteSingleCoil() {
        byte[] b = new byte[52];
        int source = 0xC000020A;
        int destination = 0xC0000214;
        b[0] = 0x45;
        put16(b, 2, b.length);
        put16(b, 4, 0x5e1f);
        put16(b, 6, 0x4000);
        b[8] = 64;
        b[9] = 6;
        put32(b, 12, source);
        put32(b, 16, destination);
        put16(b, 10, Checksum.finish(Checksum.sum(b, 0, 20, 0)));
        put16(b, 20, 40000);
        put16(b, 22, 502);
        put32(b, 24, 0x10000001);
        put32(b, 28, 0x20000001);
        b[32] = 0x50;
        b[33] = 0x18;
        put16(b, 34, 64240);
        put16(b, 40, 1);
        put16(b, 42, 0);
        put16(b, 44, 6);
        b[46] = 1;
        b[47] = 5;
        put16(b, 48, 1);
        put16(b, 50, 0xFF00);
        int pseudo = Checksum.pseudoHeaderSum(source, destination, 6, 32);
        put16(b, 36, Checksum.finish(Checksum.sum(b, 20, 32, pseudo)));
        return b;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, int v) {
        put16(b, at, v >>> 16);
        put16(b, at + 2, v);
    }
}
