package dev.palisade.notify.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether something listens on 127.0.0.1:port, read from /proc/net/{tcp,udp}, so readiness is
 * checked without sending the server anything it would record.
 */
final class Listening {

    private Listening() {
    }

    static boolean on(boolean udp, int port) {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        try {
            List<String> lines = Files.readAllLines(Path.of(udp ? "/proc/net/udp" : "/proc/net/tcp"));
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address, f[3] state: 0A LISTEN for TCP, 07 (unconnected) for UDP
                if (f.length > 3 && f[1].equals(local) && f[3].equals(udp ? "07" : "0A")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
