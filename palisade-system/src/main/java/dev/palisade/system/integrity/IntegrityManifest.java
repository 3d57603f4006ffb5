package dev.palisade.system.integrity;

import dev.palisade.system.AtomicWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The signed list of reference digests of an installation. Text, one record a line, '\n' only:
 *
 * <pre>
 * palisade-integrity-manifest 1
 * hash-function SHA-256
 * signature-algorithm Ed25519
 * key-id 3f0c...              (16 bytes of SHA-256 of the signer's X.509 public key, hex)
 * created 2026-11-25T20:50:00Z
 * file system 9a1b...64 hex... palisade-cli/target/palisade.jar
 * file applications 77c2...    demo/app.bin
 * signature BASE64            (Ed25519 over every byte before this line)
 * </pre>
 *
 * Entries are sorted by section then path and unique; the path is the rest of the line and obeys
 * the manifest path rule (relative, no '..', no '|'). The reader verifies the signature against the
 * trusted key before it parses a single entry, and bounds size, line length and entry count.
 *
 * @param created the time the manifest was built
 * @param keyId   {@link IntegrityKeys#keyId} of the signing key
 * @param entries the files under control, sorted
 */
public record IntegrityManifest(Instant created, String keyId, List<ManifestEntry> entries) {
    /** Largest manifest accepted: far above any installation, small enough to read into memory. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** Most entries accepted. */
    public static final int MAX_ENTRIES = 200_000;

    static final String MAGIC = "palisade-integrity-manifest 1";
    private static final String SIGNATURE_ALGORITHM = "Ed25519";
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SECTION = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Comparator<ManifestEntry> ORDER =
            Comparator.comparing(ManifestEntry::section).thenComparing(ManifestEntry::path);

    public IntegrityManifest {
        entries = List.copyOf(entries);
    }

    /**
     * Digests every file of {@code sections} (directories walked recursively, symbolic links to
     * directories not followed), signs the manifest with {@code signingKey} and writes it atomically
     * to {@code out}.
     */
    public static IntegrityManifest build(List<IntegritySection> sections, KeyPair signingKey, Path out)
            throws IOException {
        Set<String> names = new HashSet<>();
        List<ManifestEntry> entries = new ArrayList<>();
        for (IntegritySection section : sections) {
            if (!names.add(section.name())) {
                throw new IllegalArgumentException("section listed twice: " + section.name());
            }
            for (var file : filesOf(section).entrySet()) {
                entries.add(new ManifestEntry(section.name(), file.getKey(), Digests.of(file.getValue())));
            }
        }
        entries.sort(ORDER);
        IntegrityManifest manifest = new IntegrityManifest(Instant.now().truncatedTo(ChronoUnit.SECONDS),
                IntegrityKeys.keyId(signingKey.getPublic()), entries);
        AtomicWrite.replace(out, manifest.sign(signingKey.getPrivate()));
        return manifest;
    }

    /**
     * The files a section controls today: relative path to absolute path, in path order. An include
     * that does not exist contributes nothing (the checker reports the listed file as deleted).
     */
    static TreeMap<String, Path> filesOf(IntegritySection section) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        for (String include : section.includes()) {
            Path start = section.root().resolve(include);
            if (Files.isRegularFile(start)) {
                files.put(include, start);
            } else if (Files.isDirectory(start)) {
                try (Stream<Path> walk = Files.walk(start, new FileVisitOption[0])) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        if (Files.isRegularFile(p)) {
                            String relative = section.root().relativize(p).toString();
                            String problem = ManifestPaths.problem(relative);
                            if (problem != null) {
                                throw new IOException("cannot place " + p + " under integrity control: " + problem);
                            }
                            files.put(relative, p);
                        }
                    }
                }
            }
        }
        return files;
    }

    /** The manifest text followed by its signature line. */
    byte[] sign(PrivateKey key) {
        StringBuilder text = new StringBuilder(256 + entries.size() * 128);
        text.append(MAGIC).append('\n')
                .append("hash-function ").append(Digests.FUNCTION).append('\n')
                .append("signature-algorithm ").append(SIGNATURE_ALGORITHM).append('\n')
                .append("key-id ").append(keyId).append('\n')
                .append("created ").append(created).append('\n');
        for (ManifestEntry e : entries) {
            text.append("file ").append(e.section()).append(' ').append(e.sha256()).append(' ').append(e.path()).append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(body);
            byte[] signatureLine = ("signature " + Base64.getEncoder().encodeToString(signer.sign()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[body.length + signatureLine.length];
            System.arraycopy(body, 0, all, 0, body.length);
            System.arraycopy(signatureLine, 0, all, body.length, signatureLine.length);
            return all;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Reads and verifies the manifest file against the trusted (pinned) key. */
    public static IntegrityManifest read(Path file, PublicKey trusted) throws ManifestException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ManifestException("manifest " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return parse(Files.readAllBytes(file), trusted);
        } catch (NoSuchFileException e) {
            throw new ManifestException("manifest " + file + " is missing", e);
        } catch (IOException e) {
            throw new ManifestException("manifest " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Verifies the signature of {@code bytes} with {@code trusted}, then parses the entries. */
    public static IntegrityManifest parse(byte[] bytes, PublicKey trusted) throws ManifestException {
        if (bytes.length > MAX_BYTES) {
            throw new ManifestException("manifest larger than " + MAX_BYTES + " bytes");
        }
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            throw new ManifestException("manifest does not end with a newline (truncated?)");
        }
        int lastLineStart = lastLineStart(bytes);
        decode(bytes); // rejects invalid UTF-8 and carriage returns anywhere
        String signatureLine = new String(bytes, lastLineStart, bytes.length - lastLineStart - 1, StandardCharsets.UTF_8);
        String[] lines = new String(bytes, 0, lastLineStart, StandardCharsets.UTF_8).split("\n", -1);
        // lines ends with "" because the signed part ends with '\n'.
        if (lines.length < 6 || !lines[0].equals(MAGIC)) {
            throw new ManifestException("not a Palisade integrity manifest (version 1)");
        }
        expect(lines[1], "hash-function " + Digests.FUNCTION);
        expect(lines[2], "signature-algorithm " + SIGNATURE_ALGORITHM);
        String keyId = field(lines[3], "key-id ");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new ManifestException("line 4: malformed key id");
        }
        String trustedId = IntegrityKeys.keyId(trusted);
        if (!keyId.equals(trustedId)) {
            throw new ManifestException("manifest is signed by another key (key id " + keyId + ", trusted " + trustedId + ")");
        }
        if (!signatureLine.startsWith("signature ")) {
            throw new ManifestException("last line is not the signature");
        }
        verify(bytes, lastLineStart, signatureLine.substring("signature ".length()), trusted);
        Instant created;
        try {
            created = Instant.parse(field(lines[4], "created "));
        } catch (DateTimeParseException e) {
            throw new ManifestException("line 5: malformed creation time", e);
        }
        int count = lines.length - 6;
        if (count > MAX_ENTRIES) {
            throw new ManifestException("manifest lists more than " + MAX_ENTRIES + " files");
        }
        List<ManifestEntry> entries = new ArrayList<>(count);
        for (int i = 5; i < lines.length - 1; i++) {
            entries.add(entry(lines[i], i + 1));
            if (entries.size() > 1 && ORDER.compare(entries.get(entries.size() - 2), entries.getLast()) >= 0) {
                throw new ManifestException("line " + (i + 1) + ": entries not sorted or listed twice");
            }
        }
        if (!lines[lines.length - 1].isEmpty()) {
            throw new ManifestException("malformed manifest end");
        }
        return new IntegrityManifest(created, keyId, entries);
    }

    private static int lastLineStart(byte[] bytes) throws ManifestException {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        throw new ManifestException("manifest has a single line");
    }

    private static void decode(byte[] bytes) throws ManifestException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\r') >= 0) {
                throw new ManifestException("manifest contains a carriage return");
            }
        } catch (CharacterCodingException e) {
            throw new ManifestException("manifest is not valid UTF-8", e);
        }
    }

    private static void verify(byte[] bytes, int signedLength, String base64, PublicKey trusted) throws ManifestException {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ManifestException("signature is not base64", e);
        }
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(trusted);
            verifier.update(bytes, 0, signedLength);
            if (!verifier.verify(signature)) {
                throw new ManifestException("manifest signature does not verify (forged or altered)");
            }
        } catch (java.security.SignatureException e) {
            throw new ManifestException("manifest signature is malformed", e);
        } catch (GeneralSecurityException e) {
            throw new ManifestException("cannot verify the manifest signature: " + e.getMessage(), e);
        }
    }

    private static ManifestEntry entry(String line, int number) throws ManifestException {
        // "file " section ' ' 64 hex ' ' path
        if (!line.startsWith("file ")) {
            throw new ManifestException("line " + number + ": expected a file entry");
        }
        int sectionEnd = line.indexOf(' ', 5);
        if (sectionEnd < 0 || line.length() < sectionEnd + 1 + 64 + 2 || line.charAt(sectionEnd + 65) != ' ') {
            throw new ManifestException("line " + number + ": malformed file entry");
        }
        String section = line.substring(5, sectionEnd);
        String digest = line.substring(sectionEnd + 1, sectionEnd + 65);
        String path = line.substring(sectionEnd + 66);
        if (!SECTION.matcher(section).matches()) {
            throw new ManifestException("line " + number + ": malformed section name");
        }
        if (!Digests.isHex(digest)) {
            throw new ManifestException("line " + number + ": malformed digest");
        }
        String problem = ManifestPaths.problem(path);
        if (problem != null) {
            throw new ManifestException("line " + number + ": " + problem);
        }
        return new ManifestEntry(section, path, digest);
    }

    private static void expect(String line, String expected) throws ManifestException {
        if (!line.equals(expected)) {
            throw new ManifestException("expected '" + expected + "'");
        }
    }

    private static String field(String line, String prefix) throws ManifestException {
        if (!line.startsWith(prefix)) {
            throw new ManifestException("expected a '" + prefix.strip() + "' line");
        }
        return line.substring(prefix.length());
    }
}
