package dev.palisade.inspect.appproto;

import dev.palisade.config.model.AppProtocol;
import java.util.Arrays;
import java.util.Objects;

/**
 * Classifies TCP flows by the application protocol they carry, from the content of the first
 * bytes of both directions and never from the port alone, for stage {@code app-proto-deny}. One
 * instance holds the state of {@code maxFlows} flows, indexed by a flow id the caller manages
 * (e.g. its connection id), in primitive arrays allocated once; {@link #feed} allocates nothing.
 * The caller feeds each direction's bytes in order (a stream reassembler sits in front), in
 * chunks that may split a message anywhere, and reads back a code: {@link #UNDECIDED} (keep
 * feeding), {@link #NONE} (decided: not a target protocol, or the {@link DetectionLimits bound}
 * was reached) or a target, {@code AppProtocol.ordinal() + 1} as in the connection table and
 * {@code Policy.blocksAppProtocol}. Once decided, a flow's code never changes until
 * {@link #reset}.
 *
 * <p>Decision rules, each from the first message(s) of the flow:
 * <ul>
 * <li>HTTP: the client's first line is an HTTP/1.x request line, the server's first line an
 *     HTTP/1.x status line, or the client sends the HTTP/2 connection preface (RFC 9113 §3.4);
 *     HTTPS: the client's TLS ClientHello offers ALPN {@code h2}, {@code http/1.1} or
 *     {@code http/1.0}, or has no ALPN and goes to server port 443. TLS with another ALPN, or
 *     without ALPN to another port, is not HTTP (MQTT over TLS on 8883 is not recognisable).
 * <li>MQTT: the client's first packet is a well-formed CONNECT of level 3, 4 or 5
 *     ({@link MqttConnect}), or its headers are valid when the bound cuts it off.
 * <li>Modbus/TCP: two consecutive valid units in one direction, or the client's first request
 *     and the server's first response agree on transaction id, unit and function
 *     ({@link ModbusAdu}).
 * <li>FTP, SMTP, IMAP, POP3: the server greets before the client sends anything (a client
 *     that speaks first, like Redis's {@code AUTH} answered by {@code +OK}, is not one of these),
 *     and the server's greeting and the client's first command agree
 *     ({@link LineScanner}): {@code 220} then {@code EHLO}/{@code HELO} is SMTP, {@code 220} then
 *     {@code USER}, {@code AUTH}, {@code FEAT}, {@code SYST}, {@code OPTS}, {@code HOST} or
 *     {@code CLNT} is FTP; {@code * OK} then a tagged IMAP command is IMAP; {@code +OK} then
 *     {@code USER}, {@code AUTH}, {@code CAPA}, {@code APOP} or {@code STLS} is POP3.
 * </ul>
 * A flow is {@link #NONE} as soon as none of these can still hold (e.g. both sides sent SSH
 * banners), or when the flow is still undecided once either direction reaches the bound; then a
 * ClientHello still valid so far to port 443 counts as HTTP and a CONNECT with valid headers as
 * MQTT. Counters: flows detected per protocol, decided not-a-target, undecided at the bound.
 *
 * <p>Memory: about 260 bytes per flow (18 ints, a long and 42 bytes per direction). Not
 * thread-safe: one thread owns an instance.
 */
public final class AppProtocolDetector {

    /** Keep feeding: nothing decided yet. */
    public static final int UNDECIDED = -1;
    /** Decided: not a target protocol, or undecided at the bound. Also the connection table's "none". */
    public static final int NONE = 0;

    static final int FTP = codeOf(AppProtocol.FTP);
    static final int HTTP = codeOf(AppProtocol.HTTP);
    static final int IMAP = codeOf(AppProtocol.IMAP);
    static final int MODBUS = codeOf(AppProtocol.MODBUS);
    static final int MQTT = codeOf(AppProtocol.MQTT);
    static final int POP3 = codeOf(AppProtocol.POP3);
    static final int SMTP = codeOf(AppProtocol.SMTP);

    private static final AppProtocol[] PROTOCOLS = AppProtocol.values();
    private static final int TEXT_PROTOCOLS = 1 << FTP | 1 << SMTP | 1 << IMAP | 1 << POP3;

    // Flow record.
    private static final int F_RESULT = 0;    // code + 1, so that 0 is UNDECIDED
    private static final int F_PORT = 1;
    private static final int F_CLIENT_FIRST = 2;   // 1 when the client spoke before the server
    private static final int FS = 3;

    // Direction record: counters, the family its first byte chose, the HTTP/2 preface matcher,
    // the family's recogniser (families exclude each other) and the Modbus recogniser (which
    // runs beside any family: a transaction id can start with any byte).
    private static final int D_BYTES = 0;
    private static final int D_CHUNKS = 1;
    private static final int D_FAMILY = 2;
    private static final int D_H2 = 3;        // preface bytes matched, -1 on mismatch
    private static final int D_FAM = 4;
    private static final int D_MODBUS = D_FAM + Math.max(LineScanner.SLOTS, Math.max(TlsClientHello.SLOTS, MqttConnect.SLOTS));
    private static final int DS = D_MODBUS + ModbusAdu.SLOTS;

    private static final int FAMILY_TEXT = 1;   // printable ASCII
    private static final int FAMILY_TLS = 2;    // client, 0x16 (handshake record)
    private static final int FAMILY_MQTT = 3;   // client, 0x10 (CONNECT)
    private static final int FAMILY_OTHER = 4;

    private static final int HEAD_MODBUS = LineScanner.HEAD;
    private static final int HS = LineScanner.HEAD + ModbusAdu.PDU_HEAD;

    private static final byte[] H2_PREFACE = {
        'P', 'R', 'I', ' ', '*', ' ', 'H', 'T', 'T', 'P', '/', '2', '.', '0', '\r', '\n',
        '\r', '\n', 'S', 'M', '\r', '\n', '\r', '\n',
    };
    private static final int HTTPS_PORT = 443;

    private final int maxFlows;
    private final int maxBytes;
    private final int maxChunks;
    private final int[] flows;
    private final int[] dirs;
    private final long[] tails;
    private final byte[] heads;

    private final long[] detected = new long[PROTOCOLS.length + 1];
    private long notTarget;
    private long undecidedAtBound;
    private long resets;

    /**
     * @param maxFlows flow ids are 0..maxFlows-1
     * @param limits how far into each flow to look
     */
    public AppProtocolDetector(int maxFlows, DetectionLimits limits) {
        Objects.requireNonNull(limits, "limits");
        if (maxFlows < 1 || maxFlows > Integer.MAX_VALUE / (2 * DS)) {
            throw new IllegalArgumentException("maxFlows out of range: " + maxFlows);
        }
        this.maxFlows = maxFlows;
        this.maxBytes = limits.maxBytesPerDirection();
        this.maxChunks = limits.maxChunksPerDirection();
        this.flows = new int[maxFlows * FS];
        this.dirs = new int[maxFlows * 2 * DS];
        this.tails = new long[maxFlows * 2];
        this.heads = new byte[maxFlows * 2 * HS];
    }

    /** The code of {@code p}: its ordinal + 1, as the connection table stores it. */
    public static int codeOf(AppProtocol p) {
        return p.ordinal() + 1;
    }

    /** The protocol of a target code, or null for {@link #NONE} and {@link #UNDECIDED}. */
    public static AppProtocol protocolOf(int code) {
        return code >= 1 && code <= PROTOCOLS.length ? PROTOCOLS[code - 1] : null;
    }

    public int maxFlows() {
        return maxFlows;
    }

    /**
     * Starts flow {@code flow} afresh. {@code serverPort} is the destination port of the client's
     * SYN; it only matters for a ClientHello without ALPN (HTTPS on 443).
     */
    public void reset(int flow, int serverPort) {
        Objects.checkIndex(flow, maxFlows);
        flows[flow * FS + F_RESULT] = 0;
        flows[flow * FS + F_PORT] = serverPort;
        flows[flow * FS + F_CLIENT_FIRST] = 0;
        Arrays.fill(dirs, flow * 2 * DS, (flow + 1) * 2 * DS, 0);
        tails[flow * 2] = 0;
        tails[flow * 2 + 1] = 0;
        resets++;
    }

    /** The code of flow {@code flow}: {@link #UNDECIDED}, {@link #NONE} or a target. */
    public int result(int flow) {
        Objects.checkIndex(flow, maxFlows);
        return flows[flow * FS + F_RESULT] - 1;
    }

    /**
     * Feeds the next {@code len} bytes of one direction of flow {@code flow}: direction 0 is
     * client to server (the side that sent the SYN), 1 server to client. Bytes beyond the bound
     * and bytes fed after the decision are ignored. Returns the flow's code after these bytes.
     */
    public int feed(int flow, int direction, byte[] buf, int off, int len) {
        Objects.checkIndex(flow, maxFlows);
        Objects.checkIndex(direction, 2);
        Objects.checkFromIndexSize(off, len, buf.length);
        int stored = flows[flow * FS + F_RESULT];
        if (stored != 0 || len == 0) {
            return stored - 1;
        }
        int fd = flow << 1 | direction;
        int d = fd * DS;
        int seen = dirs[d + D_BYTES];
        int n = Math.min(len, maxBytes - seen);
        if (n > 0) {
            if (seen == 0) {
                dirs[d + D_FAMILY] = family(direction, buf[off] & 0xFF);
                if (direction == 0 && dirs[(fd + 1) * DS + D_BYTES] == 0) {
                    flows[flow * FS + F_CLIENT_FIRST] = 1;
                }
            }
            inspect(fd, direction, buf, off, off + n);
            dirs[d + D_BYTES] = seen + n;
        }
        dirs[d + D_CHUNKS]++;
        int code = evaluate(flow);
        if (code == UNDECIDED && (dirs[d + D_BYTES] >= maxBytes || dirs[d + D_CHUNKS] >= maxChunks)) {
            code = atBound(flow);
            if (code == NONE) {
                undecidedAtBound++;
            }
        } else if (code == NONE) {
            notTarget++;
        }
        if (code != UNDECIDED) {
            flows[flow * FS + F_RESULT] = code + 1;
        }
        if (code > NONE) {
            detected[code]++;
        }
        return code;
    }

    /** Flows classified as {@code p}. */
    public long detected(AppProtocol p) {
        return detected[codeOf(p)];
    }

    /** Flows decided not to carry a target protocol before the bound. */
    public long notTarget() {
        return notTarget;
    }

    /** Flows still undecided when a direction reached the bound, left alone as {@link #NONE}. */
    public long undecidedAtBound() {
        return undecidedAtBound;
    }

    /** Calls of {@link #reset}: flows started. */
    public long flowsStarted() {
        return resets;
    }

    private static int family(int direction, int first) {
        if (direction == 0 && first == 0x16) {
            return FAMILY_TLS;
        }
        if (direction == 0 && first == 0x10) {
            return FAMILY_MQTT;
        }
        return first > 0x20 && first < 0x7F ? FAMILY_TEXT : FAMILY_OTHER;
    }

    private void inspect(int fd, int direction, byte[] buf, int off, int end) {
        int d = fd * DS;
        int f = d + D_FAM;
        switch (dirs[d + D_FAMILY]) {
            case FAMILY_TEXT -> {
                LineScanner.feed(dirs, f, tails, fd, heads, fd * HS, direction == 0, buf, off, end);
                if (direction == 0) {
                    matchPreface(d, buf, off, end);
                }
            }
            case FAMILY_TLS -> TlsClientHello.feed(dirs, f, buf, off, end);
            case FAMILY_MQTT -> MqttConnect.feed(dirs, f, buf, off, end);
            default -> {
                // Only Modbus can still be found.
            }
        }
        ModbusAdu.feed(dirs, d + D_MODBUS, heads, fd * HS + HEAD_MODBUS, direction == 1, buf, off, end);
    }

    private void matchPreface(int d, byte[] buf, int off, int end) {
        int matched = dirs[d + D_H2];
        for (int i = off; i < end && matched >= 0 && matched < H2_PREFACE.length; i++) {
            matched = buf[i] == H2_PREFACE[matched] ? matched + 1 : -1;
        }
        dirs[d + D_H2] = matched;
    }

    /** The flow's code from what both directions have shown so far. */
    private int evaluate(int flow) {
        int c = (flow << 1) * DS;
        int s = c + DS;
        int cf = c + D_FAM;
        int clientFamily = dirs[c + D_FAMILY];
        int serverFamily = dirs[s + D_FAMILY];
        int clientText = textOut(c);
        int serverText = textOut(s);

        if (((clientText | serverText) & 1 << HTTP) != 0
                || clientFamily == FAMILY_TEXT && dirs[c + D_H2] == H2_PREFACE.length) {
            return HTTP;
        }
        if (clientFamily == FAMILY_TLS) {
            int tls = TlsClientHello.outcome(dirs, cf);
            if (tls == TlsClientHello.HTTP_ALPN
                    || tls == TlsClientHello.NO_ALPN && flows[flow * FS + F_PORT] == HTTPS_PORT) {
                return HTTP;
            }
            if (tls == TlsClientHello.NO_ALPN || tls == TlsClientHello.OTHER_ALPN) {
                return NONE;   // a complete hello decides the flow: what follows is encrypted
            }
        }
        if (clientFamily == FAMILY_MQTT && MqttConnect.outcome(dirs, cf) == MqttConnect.CONNECT) {
            return MQTT;
        }
        int cm = c + D_MODBUS;
        int sm = s + D_MODBUS;
        int requests = ModbusAdu.count(dirs, cm);
        int responses = ModbusAdu.count(dirs, sm);
        if (requests >= 2 || responses >= 2 || requests >= 1 && responses >= 1
                && ModbusAdu.answers(ModbusAdu.first(dirs, cm), ModbusAdu.first(dirs, sm))) {
            return MODBUS;
        }
        boolean serverFirst = flows[flow * FS + F_CLIENT_FIRST] == 0;
        if (serverFirst && clientText != 0 && serverText != 0) {
            int agreed = clientText & serverText & TEXT_PROTOCOLS;
            if (Integer.bitCount(agreed) == 1) {
                return Integer.numberOfTrailingZeros(agreed);
            }
        }
        return stillPossible(c, s, clientText, serverText, serverFirst) ? UNDECIDED : NONE;
    }

    /** True while some target protocol can still be shown by bytes yet to come. */
    private boolean stillPossible(int c, int s, int clientText, int serverText, boolean serverFirst) {
        if (dirs[c + D_BYTES] == 0 || dirs[s + D_BYTES] == 0) {
            return true;   // a silent side can still show anything
        }
        int clientFamily = dirs[c + D_FAMILY];
        int cf = c + D_FAM;
        boolean http = clientText == 0 && LineScanner.lines(dirs, cf) == 0
                || clientFamily == FAMILY_TEXT && dirs[c + D_H2] >= 0
                || clientFamily == FAMILY_TLS && TlsClientHello.outcome(dirs, cf) == TlsClientHello.MORE
                || serverText == 0;
        boolean mqtt = clientFamily == FAMILY_MQTT && MqttConnect.outcome(dirs, cf) == MqttConnect.MORE;
        boolean modbus = ModbusAdu.alive(dirs, c + D_MODBUS) || ModbusAdu.alive(dirs, s + D_MODBUS);
        // A line-based protocol needs the server to greet first, and both the greeting and the
        // command to fit it.
        boolean text = serverFirst
                && (clientText == 0 || (clientText & TEXT_PROTOCOLS) != 0)
                && (serverText == 0 || (serverText & TEXT_PROTOCOLS) != 0)
                && (clientText == 0 || serverText == 0);
        return http || mqtt || modbus || text;
    }

    /** The text outcome of a direction: 0 while its lines may still show something. */
    private int textOut(int d) {
        if (dirs[d + D_BYTES] == 0) {
            return 0;
        }
        return dirs[d + D_FAMILY] == FAMILY_TEXT ? LineScanner.out(dirs, d + D_FAM) : LineScanner.KNOWN;
    }

    /** The decision when a direction reaches the bound undecided. */
    private int atBound(int flow) {
        int c = (flow << 1) * DS;
        int cf = c + D_FAM;
        int clientFamily = dirs[c + D_FAMILY];
        if (clientFamily == FAMILY_TLS && TlsClientHello.outcome(dirs, cf) == TlsClientHello.MORE
                && flows[flow * FS + F_PORT] == HTTPS_PORT) {
            return HTTP;   // a ClientHello too long for the bound, still valid, to 443
        }
        if (clientFamily == FAMILY_MQTT && MqttConnect.outcome(dirs, cf) == MqttConnect.MORE
                && MqttConnect.headerValid(dirs, cf)) {
            return MQTT;   // a CONNECT whose password or will outgrew the bound
        }
        return NONE;
    }
}
