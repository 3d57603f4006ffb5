package dev.palisade.ips.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads one rule: the header, then the options left to right with Suricata's ordering rules
 * (content modifiers attach to the preceding content, sticky buffers redirect the following
 * payload keywords, relative keywords need something to be relative to). Collects every error
 * and skip reason rather than stopping at the first, and turns them into positioned diagnostics.
 * One instance per rule; not thread-safe.
 */
final class RuleReader {

    /** The result for one rule: exactly one of rule and skipped, or neither when refused. */
    record Outcome(Rule rule, SkippedRule skipped, List<Diagnostic> diagnostics, int sidOffset) {
    }

    private static final Pattern KEYWORD_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CLASSTYPE = Pattern.compile("[A-Za-z0-9_\\-]+");

    private final RuleParser parser;
    private final String file;
    private final SourceRule src;
    private final String t;

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private boolean errors;
    private String skipReason;
    private int skipOffset;

    // header
    private Action action;
    private String protocol;
    private Transport transport = Transport.ANY;
    private String appProtocol;
    private AddressGroup source;
    private PortGroup sourcePorts;
    private Direction direction;
    private AddressGroup destination;
    private PortGroup destinationPorts;

    // meta
    private long sid = -1;
    private int sidOffset;
    private long gid = -1;
    private long rev = -1;
    private String msg;
    private String classtype;
    private int priority = -1;
    private final List<String> references = new ArrayList<>();
    private final List<String> metadata = new ArrayList<>();
    private boolean noalert;
    private String target;

    // conditions
    private FlowOptions flow;
    private AppProtocolMatch appLayerProtocol;
    private final List<AppLayerEvent> events = new ArrayList<>();
    private SizeMatch payloadSize;
    private final List<ProtocolCondition> conditions = new ArrayList<>();
    private Threshold threshold;
    private DetectionFilter detectionFilter;

    // payload state
    private final Map<Buffer, List<Object>> lists = new LinkedHashMap<>();
    private Buffer current = Buffer.PAYLOAD;
    private ContentBuilder lastContent;
    private Buffer lastContentBuffer;
    private boolean contentFailed;
    private boolean fastPatternSeen;
    /** A Suricata-only buffer or modifier was used: its ordering rules are not checked. */
    private boolean foreignBuffer;

    RuleReader(RuleParser parser, String file, SourceRule src) {
        this.parser = parser;
        this.file = file;
        this.src = src;
        this.t = src.text();
    }

    Outcome read() {
        try {
            parse();
        } catch (RuntimeException e) {
            // A bug, not bad input: keep it visible as an error on the rule instead of losing the file.
            StackTraceElement[] where = e.getStackTrace();
            error(0, "internal error while reading this rule (" + e + (where.length > 0 ? " at " + where[0] : "")
                    + "); please report it");
        }
        checkContents();
        if (!errors && sid < 0) {
            error(0, "rule has no sid: every rule needs sid:<number>;");
        }
        if (errors) {
            return new Outcome(null, null, diagnostics, sidOffset);
        }
        String m = msg == null ? "" : msg;
        if (skipReason != null) {
            int[] at = src.position(skipOffset);
            diagnostics.add(new Diagnostic(file, at[0], at[1], Diagnostic.Level.WARNING,
                    "rule " + sid + " skipped: " + skipReason));
            return new Outcome(null, new SkippedRule(file, src.line(0), gid < 0 ? 1 : gid, sid, m, skipReason),
                    diagnostics, sidOffset);
        }
        List<BufferMatches> buffers = new ArrayList<>();
        for (Map.Entry<Buffer, List<Object>> e : lists.entrySet()) {
            List<PayloadMatch> ms = new ArrayList<>();
            for (Object o : e.getValue()) {
                ms.add(o instanceof ContentBuilder cb ? cb.build() : (PayloadMatch) o);
            }
            buffers.add(new BufferMatches(e.getKey(), ms));
        }
        int prio = priority >= 0 ? priority
                : classtype == null ? Classifications.DEFAULT_PRIORITY
                : Classifications.priority(classtype).orElse(Classifications.DEFAULT_PRIORITY);
        Rule rule = new Rule(file, src.line(0), action, protocol, transport, Optional.ofNullable(appProtocol),
                source, sourcePorts, direction, destination, destinationPorts, gid < 0 ? 1 : gid, sid,
                rev < 0 ? 0 : rev, m, Optional.ofNullable(classtype), prio, references, metadata,
                flow == null ? FlowOptions.ANY : flow, Optional.ofNullable(appLayerProtocol), events,
                Optional.ofNullable(payloadSize), buffers, conditions, Optional.ofNullable(threshold),
                Optional.ofNullable(detectionFilter), noalert, Optional.ofNullable(target), t);
        return new Outcome(rule, null, diagnostics, sidOffset);
    }

    // ---------------------------------------------------------------- diagnostics

    private void error(int offset, String reason) {
        errors = true;
        int[] at = src.position(offset);
        diagnostics.add(new Diagnostic(file, at[0], at[1], Diagnostic.Level.ERROR, reason));
    }

    private void warning(int offset, String reason) {
        int[] at = src.position(offset);
        diagnostics.add(new Diagnostic(file, at[0], at[1], Diagnostic.Level.WARNING, reason));
    }

    private void skip(int offset, String reason) {
        if (skipReason == null) {
            skipReason = reason;
            skipOffset = offset;
        }
    }

    // ---------------------------------------------------------------- rule structure

    private void parse() {
        int open = t.indexOf('(');
        if (open < 0) {
            error(t.length(), "missing '(' and the rule options after the header");
            return;
        }
        header(t.substring(0, open), 0);
        int close = t.length() - 1;
        while (close > open && Character.isWhitespace(t.charAt(close))) {
            close--;
        }
        if (close <= open || t.charAt(close) != ')') {
            error(close + 1, "rule options must end with ')'");
            return;
        }
        options(open + 1, close);
    }

    private record Token(String text, int offset) {
    }

    private void header(String h, int base) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int k = 0; k <= h.length(); k++) {
            char c = k < h.length() ? h.charAt(k) : ' ';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            boolean space = Character.isWhitespace(c) && depth <= 0;
            if (!space && start < 0) {
                start = k;
            } else if (space && start >= 0) {
                tokens.add(new Token(h.substring(start, k), base + start));
                start = -1;
            }
        }
        if (depth > 0) {
            error(base + h.lastIndexOf('['), "'[' is never closed in the rule header");
            return;
        }
        if (tokens.size() != 7) {
            int at = tokens.size() > 7 ? tokens.get(7).offset() : base + h.stripTrailing().length();
            error(at, "rule header has " + tokens.size() + " parts; expected 7: action protocol source source-port -> destination destination-port");
            if (tokens.size() < 2) {
                return;
            }
        }
        Token a = tokens.get(0);
        action = switch (a.text().toLowerCase(Locale.ROOT)) {
            case "alert" -> Action.ALERT;
            case "drop" -> Action.DROP;
            case "reject", "rejectsrc", "rejectdst", "rejectboth" -> Action.REJECT;
            case "pass" -> Action.PASS;
            default -> {
                error(a.offset(), "unknown action '" + a.text() + "' (alert, drop, reject or pass)");
                yield null;
            }
        };
        protocol(tokens.get(1));
        if (tokens.size() != 7) {
            return;
        }
        source = addresses(tokens.get(2), "source");
        sourcePorts = ports(tokens.get(3), "source");
        Token d = tokens.get(4);
        direction = switch (d.text()) {
            case "->" -> Direction.ONE_WAY;
            case "<>" -> Direction.BOTH;
            default -> {
                error(d.offset(), "'" + d.text() + "' is not a direction: write -> or <>");
                yield null;
            }
        };
        destination = addresses(tokens.get(5), "destination");
        destinationPorts = ports(tokens.get(6), "destination");
    }

    private void protocol(Token p) {
        String name = p.text().toLowerCase(Locale.ROOT);
        protocol = name;
        switch (name) {
            case "tcp" -> transport = Transport.TCP;
            case "udp" -> transport = Transport.UDP;
            case "ip", "ipv4", "ip4" -> transport = Transport.ANY;
            case "ipv6", "ip6" -> skip(p.offset(), "protocol " + name + ": the gateway drops IPv6 traffic");
            default -> {
                if (parser.protocol(name) != null) {
                    transport = Transport.TCP;
                    appProtocol = name;
                } else if (name.equals("modbus") || name.equals("mqtt")) {
                    skip(p.offset(), "protocol " + name + " is not inspected: Palisade's " + name + " engine is not installed");
                } else if (SuricataNames.APP_PROTOCOLS.contains(name) || SuricataNames.PACKET_PROTOCOLS.contains(name)) {
                    skip(p.offset(), "protocol " + name + " is not inspected by Palisade");
                } else {
                    error(p.offset(), "unknown protocol '" + p.text() + "' (Palisade inspects tcp, udp, ip"
                            + parser.protocols().stream().sorted().map(s -> ", " + s).reduce("", String::concat) + ")");
                }
            }
        }
    }

    private AddressGroup addresses(Token tok, String side) {
        try {
            GroupParser.Result r = GroupParser.parse(GroupParser.Kind.ADDRESS, tok.text(), parser.variables());
            if (r.ranges().length == 0) {
                if (r.ipv6()) {
                    skip(tok.offset(), "the " + side + " addresses are all IPv6, which the gateway drops");
                } else {
                    error(tok.offset(), "the " + side + " address group " + tok.text() + " holds no address (everything is negated)");
                }
            }
            return new AddressGroup(tok.text(), r.ranges(), r.ipv6());
        } catch (RuleSyntaxException e) {
            error(tok.offset() + e.offset, side + " address: " + e.getMessage());
            return null;
        }
    }

    private PortGroup ports(Token tok, String side) {
        try {
            GroupParser.Result r = GroupParser.parse(GroupParser.Kind.PORT, tok.text(), parser.variables());
            if (r.ranges().length == 0) {
                error(tok.offset(), "the " + side + " port group " + tok.text() + " holds no port (everything is negated)");
            }
            return new PortGroup(tok.text(), r.ranges());
        } catch (RuleSyntaxException e) {
            error(tok.offset() + e.offset, side + " port: " + e.getMessage());
            return null;
        }
    }

    /** One option: its name, value (raw, trimmed; null when absent) and their offsets in the rule. */
    private record Option(String name, int nameOffset, String value, int valueOffset) {
    }

    private void options(int from, int to) {
        int start = from;
        int k = from;
        while (k < to) {
            char c = t.charAt(k);
            if (c == '\\') {
                k += 2;
                continue;
            }
            if (c == ';') {
                option(start, k);
                start = k + 1;
            }
            k++;
        }
        if (!t.substring(start, to).isBlank()) {
            option(start, to);
            if (!errors) {
                error(to, "the last option must end with ';' before ')'");
            }
        }
    }

    private void option(int from, int to) {
        int s = from;
        while (s < to && Character.isWhitespace(t.charAt(s))) {
            s++;
        }
        if (s == to) {
            error(from, "empty option: ';' follows ';'");
            return;
        }
        int colon = t.indexOf(':', s);
        String name;
        String value = null;
        int valueOffset = to;
        if (colon < 0 || colon >= to) {
            name = t.substring(s, to).strip();
        } else {
            name = t.substring(s, colon).strip();
            int v = colon + 1;
            while (v < to && Character.isWhitespace(t.charAt(v))) {
                v++;
            }
            int e = to;
            while (e > v && Character.isWhitespace(t.charAt(e - 1))) {
                e--;
            }
            // a value ending in an escaping backslash would have swallowed the ';'
            value = t.substring(v, e);
            valueOffset = v;
        }
        if (!KEYWORD_NAME.matcher(name).matches()) {
            error(s, "'" + abbreviate(name) + "' is not a keyword (options are keyword; or keyword:value;)");
            return;
        }
        keyword(new Option(name.toLowerCase(Locale.ROOT), s, value, valueOffset));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    // ---------------------------------------------------------------- keywords

    private void keyword(Option o) {
        switch (o.name()) {
            case "msg" -> msg(o);
            case "sid" -> {
                if (sid >= 0) {
                    error(o.nameOffset(), "duplicate sid keyword");
                    return;
                }
                sidOffset = o.nameOffset();
                long v = unsigned(o, 1, 0xFFFF_FFFFL);
                if (v == RuleParser.RESERVED_SID) {
                    error(o.valueOffset(), "sid " + v + " is reserved by the gateway; choose another sid");
                }
                sid = v < 0 ? 0 : v;
            }
            case "gid" -> {
                if (gid >= 0) {
                    error(o.nameOffset(), "duplicate gid keyword");
                }
                gid = Math.max(0, unsigned(o, 0, 0xFFFF_FFFFL));
            }
            case "rev" -> {
                if (rev >= 0) {
                    error(o.nameOffset(), "duplicate rev keyword");
                }
                rev = Math.max(0, unsigned(o, 0, 0xFFFF_FFFFL));
            }
            case "classtype" -> classtype(o);
            case "priority" -> {
                if (priority >= 0) {
                    error(o.nameOffset(), "duplicate priority keyword");
                }
                priority = (int) Math.max(0, unsigned(o, 0, 255));
            }
            case "reference" -> {
                String v = requireValue(o);
                if (v != null && (v.indexOf(',') <= 0 || v.indexOf(',') == v.length() - 1)) {
                    error(o.valueOffset(), "reference is written reference:type,id (e.g. reference:cve,2021-1234)");
                } else if (v != null) {
                    references.add(unescape(v));
                }
            }
            case "metadata" -> {
                String v = requireValue(o);
                if (v != null) {
                    for (String part : unescape(v).split(",")) {
                        if (!part.isBlank()) {
                            metadata.add(part.strip());
                        }
                    }
                }
            }
            case "noalert" -> {
                noValue(o);
                noalert = true;
            }
            case "target" -> {
                String v = requireValue(o);
                if (v != null && !v.equals("src_ip") && !v.equals("dest_ip")) {
                    error(o.valueOffset(), "target is src_ip or dest_ip");
                } else if (target != null) {
                    error(o.nameOffset(), "duplicate target keyword");
                }
                target = v;
            }
            case "flow" -> flow(o);
            case "threshold" -> threshold(o);
            case "detection_filter" -> detectionFilter(o);
            case "app-layer-protocol" -> appLayerProtocol(o);
            case "app-layer-event" -> appLayerEvent(o);
            case "content" -> content(o);
            case "nocase", "rawbytes", "offset", "depth", "distance", "within", "startswith", "endswith",
                    "fast_pattern" -> modifier(o);
            case "pcre" -> pcre(o);
            case "byte_test" -> byteTest(o);
            case "byte_jump" -> byteJump(o);
            case "isdataat" -> isDataAt(o);
            case "bsize" -> bsize(o);
            case "dsize" -> {
                String v = requireValue(o);
                if (payloadSize != null) {
                    error(o.nameOffset(), "duplicate dsize keyword");
                } else if (v != null) {
                    payloadSize = size(v, o.valueOffset(), "dsize");
                }
            }
            case "pkt_data" -> {
                noValue(o);
                current = Buffer.PAYLOAD;
            }
            case "frame" -> frame(o);
            // a hint for Suricata's prefilter engine; Palisade's matcher chooses by itself
            case "prefilter" -> noValue(o);
            default -> other(o);
        }
    }

    private void other(Option o) {
        for (ProtocolKeywords p : parser.allProtocols()) {
            boolean buffer;
            boolean keyword;
            try {
                buffer = p.isBuffer(o.name());
                keyword = !buffer && p.isKeyword(o.name());
            } catch (RuntimeException e) {
                error(o.nameOffset(), "the " + p.protocol() + " engine failed on keyword " + o.name() + ": " + e);
                return;
            }
            if (buffer) {
                if (o.value() != null) {
                    error(o.valueOffset(), o.name() + " is a sticky buffer and takes no value (write " + o.name() + "; then content)");
                }
                requireApp(p.protocol(), o.nameOffset());
                current = new Buffer(o.name());
                return;
            }
            if (keyword) {
                requireApp(p.protocol(), o.nameOffset());
                String value = o.value() == null ? "" : unescape(o.value()).strip();
                try {
                    ProtocolCondition c = p.parse(o.name(), value);
                    if (c == null) {
                        error(o.nameOffset(), "the " + p.protocol() + " engine gave no condition for " + o.name());
                    } else {
                        conditions.add(c);
                    }
                } catch (IllegalArgumentException e) {
                    error(o.value() == null ? o.nameOffset() : o.valueOffset(), o.name() + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    error(o.nameOffset(), "the " + p.protocol() + " engine failed on " + o.name() + ": " + e);
                }
                return;
            }
        }
        int dot = o.name().indexOf('.');
        String proto = dot > 0 ? o.name().substring(0, dot) : o.name();
        boolean protocolNamespace = SuricataNames.APP_PROTOCOLS.contains(proto) && parser.protocol(proto) == null;
        if (SuricataNames.KEYWORDS.contains(o.name()) || protocolNamespace) {
            if (protocolNamespace) {
                skip(o.nameOffset(), "keyword " + o.name() + " needs the " + proto + " engine, which Palisade does not have installed");
            } else {
                skip(o.nameOffset(), "keyword " + o.name() + " is not supported by Palisade");
            }
            if (SuricataNames.STICKY_BUFFERS.contains(o.name()) || o.value() == null) {
                // a sticky buffer or an old-style content modifier: what follows inspects a buffer
                // Palisade does not have, so the ordering of its keywords is not checked
                foreignBuffer = true;
                current = new Buffer(o.name());
            }
            return;
        }
        error(o.nameOffset(), "unknown rule keyword '" + o.name() + "'");
    }

    private void requireApp(String proto, int offset) {
        if (transport == Transport.UDP) {
            error(offset, proto + " runs over TCP but the rule header says udp");
            return;
        }
        if (appProtocol == null) {
            appProtocol = proto;
            if (transport == Transport.ANY && "ip".equals(protocol)) {
                transport = Transport.TCP;
            }
        } else if (!appProtocol.equals(proto)) {
            error(offset, "the rule mixes protocols " + appProtocol + " and " + proto);
        }
    }

    private void msg(Option o) {
        String v = requireValue(o);
        if (msg != null) {
            error(o.nameOffset(), "duplicate msg keyword");
            return;
        }
        if (v == null) {
            return;
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        } else if (v.startsWith("\"") || v.endsWith("\"")) {
            error(o.valueOffset(), "msg has an unbalanced '\"'");
        }
        msg = unescape(v);
    }

    private void classtype(Option o) {
        String v = requireValue(o);
        if (classtype != null) {
            error(o.nameOffset(), "duplicate classtype keyword");
            return;
        }
        if (v == null) {
            return;
        }
        if (!CLASSTYPE.matcher(v).matches()) {
            error(o.valueOffset(), "'" + abbreviate(v) + "' is not a classtype name");
            return;
        }
        classtype = v;
        if (Classifications.priority(v).isEmpty()) {
            warning(o.valueOffset(), "unknown classtype '" + v + "' (not in Suricata's classification.config); priority "
                    + Classifications.DEFAULT_PRIORITY + " unless the rule sets one");
        }
    }

    private void flow(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        if (flow != null) {
            error(o.nameOffset(), "duplicate flow keyword (list the options in one flow:a,b;)");
            return;
        }
        FlowOptions.Side side = FlowOptions.Side.ANY;
        FlowOptions.State state = FlowOptions.State.ANY;
        FlowOptions.Stream stream = FlowOptions.Stream.ANY;
        FlowOptions.Fragments frag = FlowOptions.Fragments.ANY;
        int at = o.valueOffset();
        for (String raw : v.split(",", -1)) {
            String part = raw.strip().toLowerCase(Locale.ROOT);
            int partAt = at + raw.indexOf(part.isEmpty() ? "" : raw.strip());
            at += raw.length() + 1;
            switch (part) {
                case "to_server", "from_client" -> {
                    if (side == FlowOptions.Side.TO_CLIENT) {
                        error(partAt, "flow " + part + " contradicts to_client/from_server");
                    }
                    side = FlowOptions.Side.TO_SERVER;
                }
                case "to_client", "from_server" -> {
                    if (side == FlowOptions.Side.TO_SERVER) {
                        error(partAt, "flow " + part + " contradicts to_server/from_client");
                    }
                    side = FlowOptions.Side.TO_CLIENT;
                }
                case "established", "not_established", "stateless" -> {
                    FlowOptions.State s = FlowOptions.State.valueOf(part.toUpperCase(Locale.ROOT));
                    if (state != FlowOptions.State.ANY && state != s) {
                        error(partAt, "flow " + part + " contradicts " + state.name().toLowerCase(Locale.ROOT));
                    }
                    state = s;
                }
                case "only_stream", "no_stream" -> {
                    FlowOptions.Stream s = FlowOptions.Stream.valueOf(part.toUpperCase(Locale.ROOT));
                    if (stream != FlowOptions.Stream.ANY && stream != s) {
                        error(partAt, "flow " + part + " contradicts " + stream.name().toLowerCase(Locale.ROOT));
                    }
                    stream = s;
                }
                case "only_frag", "no_frag" -> {
                    FlowOptions.Fragments f = FlowOptions.Fragments.valueOf(part.toUpperCase(Locale.ROOT));
                    if (frag != FlowOptions.Fragments.ANY && frag != f) {
                        error(partAt, "flow " + part + " contradicts " + frag.name().toLowerCase(Locale.ROOT));
                    }
                    frag = f;
                }
                default -> error(partAt, "unknown flow option '" + abbreviate(part) + "' (to_server, to_client, from_server, "
                        + "from_client, established, not_established, stateless, only_stream, no_stream, only_frag, no_frag)");
            }
        }
        flow = new FlowOptions(side, state, stream, frag);
    }

    /** Parses "key value, key value" lists of threshold and detection_filter. */
    private Map<String, String> pairs(Option o, String v, List<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        int at = o.valueOffset();
        for (String raw : v.split(",", -1)) {
            String[] kv = raw.strip().split("\\s+");
            int partAt = at + Math.max(0, raw.indexOf(raw.strip()));
            at += raw.length() + 1;
            if (kv.length != 2) {
                error(partAt, o.name() + " is a list of 'key value' pairs: " + String.join(", ", keys) + " (found '"
                        + abbreviate(raw.strip()) + "')");
                return null;
            }
            if (!keys.contains(kv[0])) {
                error(partAt, o.name() + " has no setting '" + abbreviate(kv[0]) + "' (" + String.join(", ", keys) + ")");
                return null;
            }
            if (out.put(kv[0], kv[1]) != null) {
                error(partAt, o.name() + " sets " + kv[0] + " twice");
                return null;
            }
        }
        for (String k : keys) {
            if (!out.containsKey(k)) {
                error(o.valueOffset(), o.name() + " needs " + k + " (" + String.join(", ", keys) + ")");
                return null;
            }
        }
        return out;
    }

    private Track track(Option o, String v) {
        Track tr = Track.parse(v);
        if (tr == null) {
            error(o.valueOffset(), o.name() + " track '" + abbreviate(v) + "' is not by_src, by_dst, by_rule or by_both");
        }
        return tr;
    }

    private long count(Option o, String what, String v) {
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(Character::isDigit)) {
            error(o.valueOffset(), o.name() + " " + what + " '" + abbreviate(v) + "' is not a number");
            return -1;
        }
        return Long.parseLong(v);
    }

    private void threshold(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        if (threshold != null) {
            error(o.nameOffset(), "duplicate threshold keyword");
            return;
        }
        if (detectionFilter != null) {
            error(o.nameOffset(), "threshold and detection_filter cannot be used in the same rule");
            return;
        }
        Map<String, String> p = pairs(o, v, List.of("type", "track", "count", "seconds"));
        if (p == null) {
            return;
        }
        Threshold.Type type = switch (p.get("type")) {
            case "limit" -> Threshold.Type.LIMIT;
            case "threshold" -> Threshold.Type.THRESHOLD;
            case "both" -> Threshold.Type.BOTH;
            default -> {
                error(o.valueOffset(), "threshold type '" + abbreviate(p.get("type")) + "' is not limit, threshold or both");
                yield null;
            }
        };
        Track tr = track(o, p.get("track"));
        long count = count(o, "count", p.get("count"));
        long seconds = count(o, "seconds", p.get("seconds"));
        if (type != null && tr != null && count >= 0 && seconds >= 0) {
            threshold = new Threshold(type, tr, count, seconds);
        }
    }

    private void detectionFilter(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        if (detectionFilter != null) {
            error(o.nameOffset(), "duplicate detection_filter keyword");
            return;
        }
        if (threshold != null) {
            error(o.nameOffset(), "threshold and detection_filter cannot be used in the same rule");
            return;
        }
        Map<String, String> p = pairs(o, v, List.of("track", "count", "seconds"));
        if (p == null) {
            return;
        }
        Track tr = track(o, p.get("track"));
        long count = count(o, "count", p.get("count"));
        long seconds = count(o, "seconds", p.get("seconds"));
        if (tr != null && count >= 0 && seconds >= 0) {
            detectionFilter = new DetectionFilter(tr, count, seconds);
        }
    }

    private void appLayerProtocol(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        if (appLayerProtocol != null) {
            error(o.nameOffset(), "duplicate app-layer-protocol keyword");
            return;
        }
        boolean negated = v.startsWith("!");
        String rest = negated ? v.substring(1).strip() : v;
        int comma = rest.indexOf(',');
        String name = (comma < 0 ? rest : rest.substring(0, comma)).strip().toLowerCase(Locale.ROOT);
        if (comma >= 0) {
            String mode = rest.substring(comma + 1).strip();
            if (!List.of("final", "original", "either", "direction", "to_server", "to_client").contains(mode)) {
                error(o.valueOffset() + comma, "app-layer-protocol mode '" + abbreviate(mode) + "' is not final, original, either or direction");
                return;
            }
        }
        if (parser.protocol(name) != null) {
            if (!negated) {
                requireApp(name, o.valueOffset());
            }
            appLayerProtocol = new AppProtocolMatch(name, negated);
        } else if (SuricataNames.APP_PROTOCOLS.contains(name)) {
            skip(o.valueOffset(), "app-layer-protocol " + v + ": protocol " + name + " is not inspected by Palisade");
        } else {
            error(o.valueOffset(), "app-layer-protocol names an unknown protocol '" + abbreviate(name) + "'");
        }
    }

    private void appLayerEvent(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        int dot = v.indexOf('.');
        if (dot < 0) {
            if (v.startsWith("applayer_")) {
                skip(o.valueOffset(), "app-layer event " + v + " is not raised by Palisade");
            } else {
                error(o.valueOffset(), "app-layer-event is written protocol.event (e.g. modbus.invalid_length)");
            }
            return;
        }
        String proto = v.substring(0, dot).toLowerCase(Locale.ROOT);
        String name = v.substring(dot + 1);
        ProtocolKeywords p = parser.protocol(proto);
        if (p != null) {
            java.util.Set<String> names;
            try {
                names = p.eventNames();
            } catch (RuntimeException e) {
                error(o.valueOffset(), "the " + proto + " engine failed to list its events: " + e);
                return;
            }
            if (!names.contains(name)) {
                // As Suricata 7: the rule is dropped with a warning, not refused, so files written for
                // other versions (6.0's modbus.invalid_unit_identifier) still load.
                skip(o.valueOffset() + dot + 1, proto + " has no event '" + abbreviate(name) + "'; its events are "
                        + String.join(", ", new TreeSet<>(names)));
                return;
            }
            requireApp(proto, o.valueOffset());
            events.add(new AppLayerEvent(proto, name));
        } else if (SuricataNames.APP_PROTOCOLS.contains(proto) || proto.equals("http2")) {
            skip(o.valueOffset(), "app-layer-event " + v + ": protocol " + proto + " is not inspected by Palisade");
        } else {
            error(o.valueOffset(), "app-layer-event names an unknown protocol '" + abbreviate(proto) + "'");
        }
    }

    private void frame(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        String proto;
        String name;
        int dot = v.indexOf('.');
        if (dot > 0 && (parser.protocol(v.substring(0, dot)) != null || SuricataNames.APP_PROTOCOLS.contains(v.substring(0, dot))
                || v.startsWith("tcp."))) {
            proto = v.substring(0, dot);
            name = v.substring(dot + 1);
        } else {
            proto = appProtocol != null ? appProtocol : protocol != null && SuricataNames.APP_PROTOCOLS.contains(protocol) ? protocol : null;
            name = v;
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            error(o.valueOffset(), "'" + abbreviate(v) + "' is not a frame name (frame:pdu or frame:mqtt.pdu)");
            return;
        }
        if (proto == null || !(parser.protocol(proto) != null || SuricataNames.APP_PROTOCOLS.contains(proto) || proto.equals("tcp"))) {
            error(o.valueOffset(), "frame " + v + " needs an application protocol: write frame:<protocol>." + v
                    + " or name the protocol in the header");
            return;
        }
        ProtocolKeywords p = parser.protocol(proto);
        String bufferName = "frame:" + proto + "." + name;
        boolean known;
        try {
            known = p != null && p.isBuffer(bufferName);
        } catch (RuntimeException e) {
            error(o.nameOffset(), "the " + proto + " engine failed on " + bufferName + ": " + e);
            return;
        }
        if (known) {
            requireApp(proto, o.valueOffset());
            current = new Buffer(bufferName);
        } else {
            skip(o.valueOffset(), "frame " + proto + "." + name + " is not provided by Palisade");
            foreignBuffer = true;
            current = new Buffer(bufferName);
        }
    }

    // ---------------------------------------------------------------- payload keywords

    private List<Object> list() {
        return lists.computeIfAbsent(current, b -> new ArrayList<>());
    }

    private void content(Option o) {
        String v = requireValue(o);
        if (v == null) {
            contentFailed = true;
            lastContent = null;
            return;
        }
        try {
            boolean negated = false;
            int k = 0;
            if (v.startsWith("!")) {
                negated = true;
                k = 1;
                while (k < v.length() && Character.isWhitespace(v.charAt(k))) {
                    k++;
                }
            }
            byte[] pattern = ContentDecoder.decode(v, k);
            ContentBuilder cb = new ContentBuilder(pattern, negated, o.nameOffset());
            List<Object> l = list();
            cb.previous = l.isEmpty() ? null : l.get(l.size() - 1);
            l.add(cb);
            lastContent = cb;
            lastContentBuffer = current;
            contentFailed = false;
        } catch (RuleSyntaxException e) {
            error(o.valueOffset() + e.offset, "content: " + e.getMessage());
            contentFailed = true;
            lastContent = null;
        }
    }

    private void modifier(Option o) {
        ContentBuilder c = lastContent;
        if (c == null || !current.equals(lastContentBuffer)) {
            if (!contentFailed && !foreignBuffer) {
                error(o.nameOffset(), o.name() + " needs a preceding content in the same buffer");
            }
            return;
        }
        switch (o.name()) {
            case "nocase" -> {
                noValue(o);
                if (c.nocase) {
                    error(o.nameOffset(), "nocase is given twice for the same content");
                }
                c.nocase = true;
            }
            // rawbytes only matters to Snort's HTTP normalisation; Suricata ignores it too
            case "rawbytes" -> noValue(o);
            case "offset" -> {
                int v = modifierValue(o, 0);
                if (c.offset.isPresent()) {
                    error(o.nameOffset(), "offset is given twice for the same content");
                } else if (c.relative()) {
                    error(o.nameOffset(), "offset cannot be combined with distance or within on the same content");
                } else if (c.startsWith) {
                    error(o.nameOffset(), "offset cannot be used with startswith");
                }
                c.offset = OptionalInt.of(v);
            }
            case "depth" -> {
                int v = modifierValue(o, 0);
                if (c.depth.isPresent()) {
                    error(o.nameOffset(), "depth is given twice for the same content");
                } else if (c.relative()) {
                    error(o.nameOffset(), "depth cannot be combined with distance or within on the same content");
                } else if (c.startsWith) {
                    error(o.nameOffset(), "depth cannot be used with startswith");
                } else if (v != Integer.MIN_VALUE && v < c.pattern.length) {
                    error(o.valueOffset(), "depth " + v + " is smaller than the content (" + c.pattern.length + " bytes): it can never match");
                }
                c.depth = OptionalInt.of(v);
            }
            case "distance", "within" -> {
                boolean within = o.name().equals("within");
                int v = modifierValue(o, within ? 0 : Integer.MIN_VALUE + 1);
                if ((within ? c.within : c.distance).isPresent()) {
                    error(o.nameOffset(), o.name() + " is given twice for the same content");
                } else if (c.offset.isPresent() || c.depth.isPresent()) {
                    error(o.nameOffset(), o.name() + " cannot be combined with offset or depth on the same content");
                } else if (c.startsWith) {
                    error(o.nameOffset(), o.name() + " cannot be used with startswith");
                } else if (within && v != Integer.MIN_VALUE && v < c.pattern.length) {
                    error(o.valueOffset(), "within " + v + " is smaller than the content (" + c.pattern.length + " bytes): it can never match");
                } else if (!foreignBuffer && c.previous instanceof ContentBuilder p && p.fastPattern == ContentMatch.FastPattern.ONLY) {
                    error(o.nameOffset(), o.name() + " is relative to a content marked fast_pattern:only, which has no position");
                }
                if (within) {
                    c.within = OptionalInt.of(v);
                } else {
                    c.distance = OptionalInt.of(v);
                }
            }
            case "startswith" -> {
                noValue(o);
                if (c.startsWith) {
                    error(o.nameOffset(), "startswith is given twice for the same content");
                } else if (c.offset.isPresent() || c.depth.isPresent() || c.relative()) {
                    error(o.nameOffset(), "startswith cannot be combined with offset, depth, distance or within");
                }
                c.startsWith = true;
            }
            case "endswith" -> {
                noValue(o);
                if (c.endsWith) {
                    error(o.nameOffset(), "endswith is given twice for the same content");
                }
                c.endsWith = true;
            }
            case "fast_pattern" -> fastPattern(o, c);
            default -> throw new IllegalStateException(o.name());
        }
    }

    private void fastPattern(Option o, ContentBuilder c) {
        if (fastPatternSeen) {
            error(o.nameOffset(), "fast_pattern can be used on only one content of a rule");
            return;
        }
        fastPatternSeen = true;
        String v = o.value();
        if (v == null) {
            c.fastPattern = ContentMatch.FastPattern.YES;
            return;
        }
        if (v.equals("only")) {
            c.fastPattern = ContentMatch.FastPattern.ONLY;
            return;
        }
        String[] parts = v.split(",", -1);
        if (parts.length != 2) {
            error(o.valueOffset(), "fast_pattern takes no value, 'only', or offset,length");
            return;
        }
        int off = smallInt(parts[0].strip());
        int len = smallInt(parts[1].strip());
        if (off < 0 || len <= 0) {
            error(o.valueOffset(), "fast_pattern offset,length must be numbers (length at least 1)");
            return;
        }
        if ((long) off + len > c.pattern.length) {
            error(o.valueOffset(), "fast_pattern " + off + "," + len + " reaches past the end of the content (" + c.pattern.length + " bytes)");
            return;
        }
        c.fastPattern = ContentMatch.FastPattern.YES;
        c.fpOffset = off;
        c.fpLength = len;
    }

    private static int smallInt(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }

    /** An integer modifier value at least {@code min}; a byte_extract variable makes the rule skipped. */
    private int modifierValue(Option o, int min) {
        String v = o.value();
        if (v == null || v.isEmpty()) {
            error(o.nameOffset(), o.name() + " needs a value (" + o.name() + ":<number>)");
            return Integer.MIN_VALUE;
        }
        if (IDENTIFIER.matcher(v).matches()) {
            skip(o.valueOffset(), o.name() + " uses variable " + v + ": byte_extract/byte_math variables are not supported by Palisade");
            return Integer.MIN_VALUE;
        }
        long n = signed(v);
        if (n == Long.MIN_VALUE || n < Integer.MIN_VALUE + 1 || n > Integer.MAX_VALUE) {
            error(o.valueOffset(), o.name() + " '" + abbreviate(v) + "' is not a number");
            return Integer.MIN_VALUE;
        }
        if (n < min) {
            error(o.valueOffset(), o.name() + " must be at least " + min + ", not " + n);
            return Integer.MIN_VALUE;
        }
        return (int) n;
    }

    private static long signed(String v) {
        String d = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
        if (d.isEmpty() || d.length() > 18 || !d.chars().allMatch(Character::isDigit)) {
            return Long.MIN_VALUE;
        }
        long n = Long.parseLong(d);
        return v.startsWith("-") ? -n : n;
    }

    private boolean precededInBuffer() {
        List<Object> l = lists.get(current);
        return l != null && !l.isEmpty();
    }

    private void pcre(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        try {
            PcreCompiler.Compiled c = PcreCompiler.compile(v);
            if (c.skipReason() != null) {
                skip(o.valueOffset(), c.skipReason());
                foreignBuffer = true;
            }
            if (c.match().relative() && !foreignBuffer && !precededInBuffer()) {
                error(o.valueOffset(), "pcre with the R (relative) flag needs a preceding content or pcre in the same buffer");
            }
            list().add(c.match());
        } catch (RuleSyntaxException e) {
            error(o.valueOffset() + e.offset, e.getMessage());
        }
    }

    private record NumberParts(NumberFormat format, boolean relative, long bitmask) {
    }

    private void byteTest(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        String[] p = splitArgs(v);
        if (p.length < 4) {
            error(o.valueOffset(), "byte_test is written byte_test:<bytes>,[!]<operator>,<value>,<offset>[,relative][,big|little]"
                    + "[,string,hex|dec|oct][,bitmask <mask>]");
            return;
        }
        String op = p[1];
        boolean negated = op.startsWith("!");
        if (negated) {
            op = op.substring(1).strip();
        }
        if (negated && op.isEmpty()) {
            op = "=";
        }
        ByteTest.Operator operator = ByteTest.Operator.parse(op);
        if (operator == null) {
            error(o.valueOffset(), "byte_test operator '" + abbreviate(p[1]) + "' is not one of < > = <= >= & ^ (optionally with !)");
            return;
        }
        long value;
        if (IDENTIFIER.matcher(p[2]).matches()) {
            skip(o.valueOffset(), "byte_test uses variable " + p[2] + ": byte_extract/byte_math variables are not supported by Palisade");
            return;
        }
        value = number(p[2]);
        if (value < 0) {
            error(o.valueOffset(), "byte_test value '" + abbreviate(p[2]) + "' is not a number (decimal or 0x hex)");
            return;
        }
        Integer offset = offsetArg(o, p[3]);
        NumberParts np = numberParts(o, p, 4, false);
        if (offset == null || np == null) {
            return;
        }
        int bytes = byteCount(o, p[0], np.format());
        if (bytes < 0) {
            return;
        }
        list().add(new ByteTest(bytes, negated, operator, value, offset, np.relative(), np.format(), np.bitmask()));
    }

    private void byteJump(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        String[] p = splitArgs(v);
        if (p.length < 2) {
            error(o.valueOffset(), "byte_jump is written byte_jump:<bytes>,<offset>[,relative][,multiplier <n>][,big|little]"
                    + "[,string,hex|dec|oct][,align][,from_beginning|from_end][,post_offset <n>][,bitmask <mask>]");
            return;
        }
        Integer offset = offsetArg(o, p[1]);
        if (offset == null) {
            return;
        }
        int multiplier = 1;
        boolean align = false;
        boolean fromBeginning = false;
        boolean fromEnd = false;
        int postOffset = 0;
        List<String> rest = new ArrayList<>();
        for (int k = 2; k < p.length; k++) {
            String[] kv = p[k].split("\\s+");
            switch (kv[0]) {
                case "multiplier" -> {
                    long m = kv.length == 2 ? number(kv[1]) : -1;
                    if (m < 1 || m > 65535) {
                        error(o.valueOffset(), "byte_jump multiplier needs a number from 1 to 65535");
                        return;
                    }
                    multiplier = (int) m;
                }
                case "post_offset" -> {
                    long m = kv.length == 2 ? signed(kv[1]) : Long.MIN_VALUE;
                    if (m == Long.MIN_VALUE || Math.abs(m) > 65535) {
                        error(o.valueOffset(), "byte_jump post_offset needs a number from -65535 to 65535");
                        return;
                    }
                    postOffset = (int) m;
                }
                case "align" -> align = true;
                case "from_beginning" -> fromBeginning = true;
                case "from_end" -> fromEnd = true;
                default -> rest.add(p[k]);
            }
        }
        if (fromBeginning && fromEnd) {
            error(o.valueOffset(), "byte_jump cannot jump from_beginning and from_end at once");
            return;
        }
        String[] others = new String[rest.size() + 2];
        for (int k = 0; k < rest.size(); k++) {
            others[k + 2] = rest.get(k);
        }
        NumberParts np = numberParts(o, others, 2, true);
        if (np == null) {
            return;
        }
        int bytes = byteCount(o, p[0], np.format());
        if (bytes < 0) {
            return;
        }
        list().add(new ByteJump(bytes, offset, np.relative(), multiplier, np.format(), align, fromBeginning, fromEnd,
                postOffset, np.bitmask()));
    }

    private static String[] splitArgs(String v) {
        String[] p = v.split(",", -1);
        for (int k = 0; k < p.length; k++) {
            p[k] = p[k].strip();
        }
        return p;
    }

    private Integer offsetArg(Option o, String s) {
        if (IDENTIFIER.matcher(s).matches()) {
            skip(o.valueOffset(), o.name() + " uses variable " + s + ": byte_extract/byte_math variables are not supported by Palisade");
            return null;
        }
        long n = signed(s);
        if (n == Long.MIN_VALUE || Math.abs(n) > 65535) {
            error(o.valueOffset(), o.name() + " offset '" + abbreviate(s) + "' is not a number from -65535 to 65535");
            return null;
        }
        return (int) n;
    }

    private int byteCount(Option o, String s, NumberFormat f) {
        int n = smallInt(s);
        int max = f.isString() ? 23 : 8;
        if (n < 1 || n > max) {
            error(o.valueOffset(), o.name() + " reads 1 to " + max + " bytes" + (f.isString() ? " as a string" : " (up to 23 with string)")
                    + ", not '" + abbreviate(s) + "'");
            return -1;
        }
        return n;
    }

    private NumberParts numberParts(Option o, String[] p, int from, boolean jump) {
        boolean relative = false;
        NumberFormat endian = null;
        boolean string = false;
        NumberFormat base = null;
        long bitmask = 0;
        for (int k = from; k < p.length; k++) {
            String part = p[k];
            String[] kv = part.split("\\s+");
            switch (kv[0]) {
                case "relative" -> relative = true;
                case "big", "little", "dce" -> {
                    NumberFormat e = kv[0].equals("big") ? NumberFormat.BIG_ENDIAN
                            : kv[0].equals("little") ? NumberFormat.LITTLE_ENDIAN : NumberFormat.DCE;
                    if (endian != null && endian != e) {
                        error(o.valueOffset(), o.name() + " cannot be both " + endian.name().toLowerCase(Locale.ROOT) + " and " + kv[0]);
                        return null;
                    }
                    endian = e;
                }
                case "string" -> string = true;
                case "hex", "dec", "oct" -> base = kv[0].equals("hex") ? NumberFormat.STRING_HEX
                        : kv[0].equals("dec") ? NumberFormat.STRING_DEC : NumberFormat.STRING_OCT;
                case "bitmask" -> {
                    long m = kv.length == 2 ? number(kv[1]) : -1;
                    if (m <= 0 || m > 0xFFFF_FFFFL) {
                        error(o.valueOffset(), o.name() + " bitmask needs a non-zero 32-bit number");
                        return null;
                    }
                    bitmask = m;
                }
                case "rawbytes" -> { }
                default -> {
                    error(o.valueOffset(), o.name() + " has no option '" + abbreviate(part) + "'"
                            + (jump ? "" : " (relative, big, little, dce, string, hex, dec, oct, bitmask)"));
                    return null;
                }
            }
        }
        if (base != null && !string) {
            error(o.valueOffset(), o.name() + " " + base.name().substring(7).toLowerCase(Locale.ROOT) + " needs string before it (string,hex)");
            return null;
        }
        if (string && endian != null) {
            error(o.valueOffset(), o.name() + " reads a string: big, little and dce do not apply");
            return null;
        }
        NumberFormat f = string ? (base == null ? NumberFormat.STRING_DEC : base) : endian == null ? NumberFormat.BIG_ENDIAN : endian;
        if (f == NumberFormat.DCE) {
            skip(o.valueOffset(), o.name() + " dce reads DCE/RPC byte order, which Palisade does not inspect");
        }
        return new NumberParts(f, relative, bitmask);
    }

    /** A non-negative number in decimal or 0x hex; -1 if it is not one. */
    private static long number(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return s.length() > 2 && s.length() <= 18 ? Long.parseUnsignedLong(s.substring(2), 16) & Long.MAX_VALUE : -1;
            }
            return s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit) ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void isDataAt(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        String[] p = splitArgs(v);
        String first = p[0];
        boolean negated = first.startsWith("!");
        if (negated) {
            first = first.substring(1).strip();
        }
        if (IDENTIFIER.matcher(first).matches()) {
            skip(o.valueOffset(), "isdataat uses variable " + first + ": byte_extract/byte_math variables are not supported by Palisade");
            return;
        }
        int n = smallInt(first);
        if (n < 0 || n > 65535) {
            error(o.valueOffset(), "isdataat needs an offset from 0 to 65535, not '" + abbreviate(first) + "'");
            return;
        }
        boolean relative = false;
        for (int k = 1; k < p.length; k++) {
            switch (p[k]) {
                case "relative" -> relative = true;
                case "rawbytes" -> { }
                default -> {
                    error(o.valueOffset(), "isdataat has no option '" + abbreviate(p[k]) + "' (relative, rawbytes)");
                    return;
                }
            }
        }
        list().add(new IsDataAt(n, negated, relative));
    }

    private void bsize(Option o) {
        String v = requireValue(o);
        if (v == null) {
            return;
        }
        if (current.isPayload() && !foreignBuffer) {
            error(o.nameOffset(), "bsize needs a sticky buffer before it (use dsize for the packet payload)");
            return;
        }
        SizeMatch s = size(v, o.valueOffset(), "bsize");
        if (s != null) {
            list().add(s);
        }
    }

    private SizeMatch size(String v, int at, String what) {
        String s = v.replace(" ", "");
        SizeMatch.Comparison c;
        String num = s;
        int between = s.indexOf("<>");
        if (between > 0) {
            long lo = number(s.substring(0, between));
            long hi = number(s.substring(between + 2));
            if (lo < 0 || hi < 0 || hi <= lo) {
                error(at, what + " range '" + abbreviate(v) + "' needs two numbers, the first smaller (a<>b)");
                return null;
            }
            return new SizeMatch(SizeMatch.Comparison.BETWEEN, lo, hi);
        }
        if (s.startsWith("<=")) {
            c = SizeMatch.Comparison.LESS_OR_EQUAL;
            num = s.substring(2);
        } else if (s.startsWith(">=")) {
            c = SizeMatch.Comparison.GREATER_OR_EQUAL;
            num = s.substring(2);
        } else if (s.startsWith("<")) {
            c = SizeMatch.Comparison.LESS;
            num = s.substring(1);
        } else if (s.startsWith(">")) {
            c = SizeMatch.Comparison.GREATER;
            num = s.substring(1);
        } else if (s.startsWith("!")) {
            c = SizeMatch.Comparison.NOT_EQUAL;
            num = s.substring(1);
        } else {
            c = SizeMatch.Comparison.EQUAL;
        }
        long n = number(num);
        if (n < 0) {
            error(at, what + " '" + abbreviate(v) + "' is not a size (n, <n, >n, <=n, >=n, !n or a<>b)");
            return null;
        }
        return new SizeMatch(c, n, n);
    }

    // ---------------------------------------------------------------- values

    private String requireValue(Option o) {
        if (o.value() == null || o.value().isEmpty()) {
            error(o.nameOffset(), o.name() + " needs a value (" + o.name() + ":...;)");
            return null;
        }
        return o.value();
    }

    private void noValue(Option o) {
        if (o.value() != null) {
            error(o.valueOffset(), o.name() + " takes no value");
        }
    }

    private long unsigned(Option o, long min, long max) {
        String v = requireValue(o);
        if (v == null) {
            return -1;
        }
        if (v.length() > 12 || !v.chars().allMatch(Character::isDigit)) {
            error(o.valueOffset(), o.name() + " '" + abbreviate(v) + "' is not a number");
            return -1;
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            error(o.valueOffset(), o.name() + " " + n + " is out of range " + min + "-" + max);
            return -1;
        }
        return n;
    }

    /** Suricata's escapes in option values: {@code \;} {@code \"} {@code \\} {@code \:}; other backslashes stay. */
    static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c == '\\' && k + 1 < v.length() && ";\"\\:".indexOf(v.charAt(k + 1)) >= 0) {
                b.append(v.charAt(++k));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- content

    /** A content while its modifiers are still being read. */
    private static final class ContentBuilder {
        final byte[] pattern;
        final boolean negated;
        final int offsetInRule;
        Object previous;
        boolean nocase;
        OptionalInt offset = OptionalInt.empty();
        OptionalInt depth = OptionalInt.empty();
        OptionalInt distance = OptionalInt.empty();
        OptionalInt within = OptionalInt.empty();
        boolean startsWith;
        boolean endsWith;
        ContentMatch.FastPattern fastPattern = ContentMatch.FastPattern.NONE;
        int fpOffset;
        int fpLength;

        ContentBuilder(byte[] pattern, boolean negated, int offsetInRule) {
            this.pattern = pattern;
            this.negated = negated;
            this.offsetInRule = offsetInRule;
        }

        boolean relative() {
            return distance.isPresent() || within.isPresent();
        }

        ContentMatch build() {
            return new ContentMatch(pattern, negated, nocase, offset, depth, distance, within, startsWith, endsWith,
                    fastPattern, fpOffset, fpLength);
        }
    }

    /** Checks that need a content's final set of modifiers. */
    private void checkContents() {
        for (List<Object> l : lists.values()) {
            for (Object x : l) {
                if (x instanceof ContentBuilder c && c.fastPattern != ContentMatch.FastPattern.NONE) {
                    boolean positioned = c.offset.isPresent() || c.depth.isPresent() || c.relative();
                    if (c.fastPattern == ContentMatch.FastPattern.ONLY && positioned) {
                        error(c.offsetInRule, "fast_pattern:only cannot be combined with offset, depth, distance or within");
                    } else if (c.negated && positioned) {
                        error(c.offsetInRule, "fast_pattern cannot be used on a negated content with offset, depth, distance or within");
                    }
                }
            }
        }
    }
}
