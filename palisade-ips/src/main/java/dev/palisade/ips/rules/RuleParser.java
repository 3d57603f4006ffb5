package dev.palisade.ips.rules;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Parses Suricata-format rule files into a {@link RuleSet}. It knows the generic rule language
 * (header, meta keywords, flow, content and its modifiers, pcre, byte_test/byte_jump, isdataat,
 * thresholds, app-layer keywords) and asks the {@link ProtocolKeywords} of each installed protocol
 * engine about the rest. A rule is either loaded, skipped with a warning (valid Suricata that
 * Palisade does not enforce), or refused with errors; the parser never throws on bad input and no
 * rule disappears without a diagnostic. Duplicate (gid, sid) pairs are refused across all files
 * parsed together, and sid {@value #RESERVED_SID} is reserved by the gateway. Immutable and
 * thread-safe.
 */
public final class RuleParser {

    /** The gateway's own signature id; rules may not use it. */
    public static final long RESERVED_SID = 90_000_001L;

    /** A rule file's name (as diagnostics print it) and text. */
    public record RuleFile(String name, String text) {
        public RuleFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
    }

    private final RuleVariables variables;
    private final Map<String, ProtocolKeywords> protocols;

    /**
     * @param variables the address and port variables headers may use
     * @param protocols the keywords of each protocol engine; a protocol not listed is not inspected
     */
    public RuleParser(RuleVariables variables, List<? extends ProtocolKeywords> protocols) {
        this.variables = Objects.requireNonNull(variables, "variables");
        Map<String, ProtocolKeywords> map = new LinkedHashMap<>();
        for (ProtocolKeywords p : protocols) {
            if (map.putIfAbsent(p.protocol(), p) != null) {
                throw new IllegalArgumentException("two keyword sets for protocol " + p.protocol());
            }
        }
        this.protocols = Map.copyOf(map);
    }

    /**
     * A parser with the protocol engines installed on the class path: every
     * {@link ProtocolKeywords} registered in {@code META-INF/services}.
     */
    public static RuleParser withInstalledProtocols(RuleVariables variables) {
        List<ProtocolKeywords> found = new ArrayList<>();
        ServiceLoader.load(ProtocolKeywords.class, RuleParser.class.getClassLoader()).forEach(found::add);
        return new RuleParser(variables, found);
    }

    public RuleVariables variables() {
        return variables;
    }

    /** The protocols whose engines this parser knows, e.g. "modbus", "mqtt". */
    public java.util.Set<String> protocols() {
        return protocols.keySet();
    }

    ProtocolKeywords protocol(String name) {
        return protocols.get(name);
    }

    Iterable<ProtocolKeywords> allProtocols() {
        return protocols.values();
    }

    /** Parses one file's text. */
    public RuleSet parse(String file, String text) {
        return parse(List.of(new RuleFile(file, text)));
    }

    /** Reads and parses files together (a sid may appear only once among them). */
    public RuleSet parseFiles(List<Path> paths) {
        List<RuleFile> files = new ArrayList<>();
        List<Diagnostic> unreadable = new ArrayList<>();
        for (Path p : paths) {
            try {
                byte[] bytes = Files.readAllBytes(p);
                String text;
                try {
                    text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    // Rules are ASCII in practice; read stray bytes one to one rather than refuse the file.
                    text = new String(bytes, StandardCharsets.ISO_8859_1);
                }
                files.add(new RuleFile(p.toString(), text));
            } catch (IOException | RuntimeException e) {
                unreadable.add(new Diagnostic(p.toString(), 1, 1, Diagnostic.Level.ERROR,
                        "cannot read the rule file: " + e.getMessage()));
            }
        }
        RuleSet set = parse(files);
        if (unreadable.isEmpty()) {
            return set;
        }
        List<Diagnostic> all = new ArrayList<>(unreadable);
        all.addAll(set.diagnostics());
        return new RuleSet(set.rules(), set.skipped(), all, set.rejected() + unreadable.size());
    }

    /** Parses several files together (a sid may appear only once among them). */
    public RuleSet parse(List<RuleFile> files) {
        List<Rule> rules = new ArrayList<>();
        List<SkippedRule> skipped = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, String> firstSeen = new HashMap<>();
        int rejected = 0;
        for (RuleFile f : files) {
            for (SourceRule src : SourceRule.split(f.text())) {
                RuleReader.Outcome o = new RuleReader(this, f.name(), src).read();
                List<Diagnostic> mine = new ArrayList<>(o.diagnostics());
                long gid = o.rule() != null ? o.rule().gid() : o.skipped() != null ? o.skipped().gid() : -1;
                long sid = o.rule() != null ? o.rule().sid() : o.skipped() != null ? o.skipped().sid() : -1;
                boolean duplicate = false;
                if (sid >= 0) {
                    String key = gid + ":" + sid;
                    String where = f.name() + ":" + src.line(0);
                    String before = firstSeen.putIfAbsent(key, where);
                    if (before != null) {
                        duplicate = true;
                        int[] at = src.position(o.sidOffset());
                        mine.removeIf(d -> !d.isError());
                        mine.add(new Diagnostic(f.name(), at[0], at[1], Diagnostic.Level.ERROR,
                                "duplicate signature: gid " + gid + " sid " + sid + " was already defined at " + before));
                    }
                }
                diagnostics.addAll(mine);
                if (duplicate || (o.rule() == null && o.skipped() == null)) {
                    rejected++;
                } else if (o.rule() != null) {
                    rules.add(o.rule());
                } else {
                    skipped.add(o.skipped());
                }
            }
        }
        return new RuleSet(rules, skipped, diagnostics, rejected);
    }
}
