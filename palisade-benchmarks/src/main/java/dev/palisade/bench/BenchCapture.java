package dev.palisade.bench;

import dev.palisade.capture.LinkType;
import dev.palisade.capture.PcapngWriter;
import dev.palisade.routing.Interface;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the benchmark capture and configuration for {@code palisade replay}: a pcapng file with
 * interfaces {@code lan} and {@code wan} holding {@code packets} 60-byte frames: first the
 * packets that open {@code flows} flows (TCP handshakes, UDP and ICMP exchanges), then the
 * {@link BenchScenario} mix, one packet per microsecond of capture time; and the configuration
 * document with {@code rules} custom rules (matching one last), 1,000 denylist and 1,000 allowlist
 * entries.
 *
 * <p>Usage: {@code java -cp palisade-benchmarks/target/benchmarks.jar dev.palisade.bench.BenchCapture
 * OUT_DIR [packets=1000000] [flows=10000] [rules=512]}; writes {@code OUT_DIR/bench.pcapng} and
 * {@code OUT_DIR/bench-config.json}. {@code scripts/bench/make-bench-capture.sh} calls it. A tool
 * run by hand: it reports what it wrote on standard output.
 */
public final class BenchCapture {

    private BenchCapture() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BenchCapture OUT_DIR [packets] [flows] [rules]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int packets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int flows = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int rules = args.length > 3 ? Integer.parseInt(args[3]) : 512;
        Files.createDirectories(dir);
        Path config = dir.resolve("bench-config.json");
        Files.writeString(config, BenchScenario.configJson(rules), StandardCharsets.UTF_8);
        BenchScenario.config(rules);   // validates it

        BenchScenario scenario = new BenchScenario(flows);
        List<byte[]> opening = new ArrayList<>();
        List<Interface> openingIngress = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            scenario.opening(i, opening, openingIngress);
        }
        if (opening.size() > packets) {
            throw new IllegalArgumentException(packets + " packets cannot even open " + flows + " flows");
        }
        Path capture = dir.resolve("bench.pcapng");
        long time = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00:00Z
        int counts = 0;
        try (PcapngWriter w = PcapngWriter.create(capture)) {
            int lan = w.addInterface("lan", LinkType.ETHERNET);
            int wan = w.addInterface("wan", LinkType.ETHERNET);
            for (int k = 0; k < opening.size(); k++) {
                byte[] f = opening.get(k);
                w.write(openingIngress.get(k) == Interface.LAN ? lan : wan, time += 1000, f, 0, f.length);
                counts++;
            }
            SplittableRandom r = new SplittableRandom(42);
            BenchScenario.Expected[] expected = new BenchScenario.Expected[1];
            byte[] frame = new byte[BenchScenario.FRAME_LENGTH];
            while (counts < packets) {
                Interface in = scenario.nextMixed(r, frame, 0, expected);
                w.write(in == Interface.LAN ? lan : wan, time += 1000, frame, 0, frame.length);
                counts++;
            }
        }
        System.out.println(String.format(Locale.ROOT, "wrote %s (%,d packets: %,d opening %,d flows, then the mix) and %s (%d rules)",
                capture, counts, opening.size(), flows, config, rules));
    }
}
