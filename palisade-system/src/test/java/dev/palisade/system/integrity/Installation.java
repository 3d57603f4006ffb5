package dev.palisade.system.integrity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/** A small installation in a temporary directory: launcher, jar and two installed applications. */
final class Installation {
    final Path dist;
    final Path data;
    final InstallationLayout layout;

    Installation(Path tmp) throws IOException {
        dist = tmp.resolve("dist");
        data = tmp.resolve("data");
        write(dist.resolve("palisade"), "#!/usr/bin/env bash\necho palisade\n");
        write(dist.resolve("palisade-cli/target/palisade.jar"), "PK jar bytes");
        write(data.resolve("applications/meter/app.bin"), "meter application");
        write(data.resolve("applications/meter/schema/app.json"), "{\"name\":\"meter\"}");
        write(data.resolve("applications/logger/app.bin"), "logger application");
        write(data.resolve("config.json"), "{}"); // not under control: outside applications/
        layout = new InstallationLayout(dist, data);
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
