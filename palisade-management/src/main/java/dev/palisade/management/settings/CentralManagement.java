package dev.palisade.management.settings;

import dev.palisade.management.pki.CertificateFile;
import dev.palisade.management.pki.CertificateRejected;
import dev.palisade.management.pki.Pem;
import dev.palisade.management.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The connection to the central management server (the spec's "Administration Server" tab): the
 * server's address and its server certificate, kept in {@code central-management/} under the data
 * directory ({@code settings.json}, {@code server.crt}), both written atomically. A replaced or
 * deleted certificate is erased by overwriting it twice ({@link SecureFiles}). Without a certificate
 * the address cannot be set, as the spec says. The port is fixed ({@link #PORT}).
 */
final class CentralManagement {

    /** The management server's port; the spec shows it and does not let it be edited. */
    static final int PORT = 13294;

    /** A DNS name (RFC 1123 labels) or a dotted IPv4 address; at most 253 characters. */
    private static final Pattern ADDRESS = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;

    CentralManagement(Path dataDirectory) {
        this.directory = dataDirectory.resolve("central-management");
    }

    private Path settingsFile() {
        return directory.resolve("settings.json");
    }

    Path certificateFile() {
        return directory.resolve("server.crt");
    }

    /** The stored address, "" when none. */
    synchronized String address() throws IOException {
        Path file = settingsFile();
        if (!Files.exists(file)) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return node.path("address").asString("");
        } catch (JacksonException e) {
            throw new IOException("the central management settings in " + file + " are damaged", e);
        }
    }

    /** Whether {@code address} is a DNS name or IPv4 address (or "", no server). */
    static boolean validAddress(String address) {
        return address.isEmpty() || ADDRESS.matcher(address).matches();
    }

    /** Stores the address; the caller checked it and that a certificate is present. */
    synchronized void setAddress(String address) throws IOException {
        SecureFiles.createPrivateDirectory(directory);
        ObjectNode node = JSON.createObjectNode();
        node.put("address", address);
        node.put("port", PORT);
        SecureFiles.writeAtomically(settingsFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }

    /** The stored certificate, if any. */
    synchronized Optional<X509Certificate> certificate() throws IOException, CertificateRejected {
        Path file = certificateFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(CertificateFile.parse(Files.readAllBytes(file)));
    }

    /**
     * Replaces the certificate with {@code content} (CRT, CER, DER or PEM); it must be valid now.
     * The previous file is erased.
     */
    synchronized X509Certificate upload(byte[] content, Instant now) throws IOException, CertificateRejected {
        X509Certificate certificate = CertificateFile.parse(content);
        CertificateFile.checkValid(certificate, now);
        SecureFiles.createPrivateDirectory(directory);
        SecureFiles.replace(certificateFile(), Pem.encode(certificate));
        return certificate;
    }

    /** Erases the certificate; true when there was one. */
    synchronized boolean delete() throws IOException {
        boolean had = Files.exists(certificateFile());
        SecureFiles.erase(certificateFile());
        return had;
    }
}
