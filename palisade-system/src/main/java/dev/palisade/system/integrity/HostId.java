package dev.palisade.system.integrity;

import dev.palisade.system.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The host identifier printed in integrity reports: the systemd machine id when the host has one,
 * otherwise a random id generated once and kept in the data directory ({@code host-id}).
 */
public final class HostId {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private HostId() {
    }

    /** The host id, from {@code machineIdFile} (normally /etc/machine-id) or the data directory. */
    public static String resolve(Path machineIdFile, Path dataDir) throws IOException {
        String machine = readId(machineIdFile);
        if (machine != null) {
            return machine;
        }
        Path own = dataDir.resolve("host-id");
        String existing = readId(own);
        if (existing != null) {
            return existing;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        AtomicWrite.replace(own, (id + "\n").getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    /** {@link #resolve(Path, Path)} with {@code /etc/machine-id}. */
    public static String resolve(Path dataDir) throws IOException {
        return resolve(Path.of("/etc/machine-id"), dataDir);
    }

    private static String readId(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 256) {
                return null;
            }
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return ID.matcher(id).matches() ? id : null;
        } catch (IOException e) {
            return null;
        }
    }
}
