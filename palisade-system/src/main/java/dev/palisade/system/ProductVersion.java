package dev.palisade.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the installed Palisade product, filtered into the module's resources by the
 * build. Backups carry it and a restore compares it, because the spec only guarantees a restore
 * onto the same version the backup was made on.
 */
public final class ProductVersion {
    private static final String CURRENT = load();

    private ProductVersion() {
    }

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = ProductVersion.class.getResourceAsStream("product.properties")) {
            if (in == null) {
                throw new IllegalStateException("product.properties missing from palisade-system");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.startsWith("${")) {
                throw new IllegalStateException("product.properties was not filtered by the build: " + version);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
