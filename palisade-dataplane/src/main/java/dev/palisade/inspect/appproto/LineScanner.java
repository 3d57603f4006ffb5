package dev.palisade.inspect.appproto;

/**
 * Incremental reader of the first text lines of one direction, for the line-based protocols:
 * the client's HTTP/1.x request line or first command, the server's status line or greeting.
 * A line ends at LF (CR LF, or a bare LF as lenient servers accept); a control character other
 * than HTAB, or a CR not followed by LF, ends the scan with nothing found.
 *
 * <p>Lines are not buffered whole: the first {@link #HEAD} bytes of the current line are kept
 * (enough for a greeting code, a command word, or an IMAP tag and command), with the last eight
 * bytes (for a request line's {@code "HTTP/1.1"}) and the count and positions of spaces. State
 * lives in {@link #SLOTS} ints, one long and {@link #HEAD} bytes of the caller's arrays.
 *
 * <p>The scan yields {@link #out}: {@code KNOWN} with a mask of {@code 1 << code} of the
 * protocols the line fits. Client: the first line is an HTTP request line, or else its command
 * word decides: {@code EHLO}/{@code HELO} SMTP; {@code USER}/{@code AUTH} FTP or POP3;
 * {@code FEAT}/{@code SYST}/{@code OPTS}/{@code HOST}/{@code CLNT} FTP; {@code CAPA}/{@code APOP}/
 * {@code STLS} POP3; a tag and an IMAP command IMAP; {@code NOOP} and {@code HELP} are skipped
 * (they fit FTP and SMTP alike) and the next line decides. Server: only the first line, an HTTP
 * status line, a {@code 220} greeting (FTP or SMTP), {@code * OK}/{@code * PREAUTH} (IMAP) or
 * {@code +OK} (POP3).
 */
final class LineScanner {

    static final int SLOTS = 7;
    static final int HEAD = 32;

    /** Bit of {@link #out}: the scan is over and the mask is final. */
    static final int KNOWN = 1 << 8;

    private static final int LINES = 0;     // lines completed (the client may skip neutral ones)
    private static final int POS = 1;       // bytes in the current line, CR and LF excluded
    private static final int FLAGS = 2;
    private static final int SPACES = 3;
    private static final int SP_FIRST = 4;  // index of the first SP + 1, 0 if none
    private static final int SP_LAST = 5;   // index of the last SP + 1
    private static final int OUT = 6;

    private static final int FLAG_CR = 1;   // a CR was read; LF must follow
    private static final int FLAG_TAB = 2;  // the line holds an HTAB (not allowed in a request line)

    private static final int NEUTRAL = 1 << 9;
    private static final int HTTP = bit(AppProtocolDetector.HTTP);
    private static final int FTP = bit(AppProtocolDetector.FTP);
    private static final int SMTP = bit(AppProtocolDetector.SMTP);
    private static final int IMAP = bit(AppProtocolDetector.IMAP);
    private static final int POP3 = bit(AppProtocolDetector.POP3);

    // Client command words and the protocols whose session may start with them (RFC 959/2228/
    // 2389/7151 FTP, RFC 5321 SMTP, RFC 1939/2449/2595/5034 POP3).
    private static final byte[][] COMMANDS = {
        bytes("EHLO"), bytes("HELO"), bytes("USER"), bytes("AUTH"), bytes("FEAT"), bytes("SYST"),
        bytes("OPTS"), bytes("HOST"), bytes("CLNT"), bytes("CAPA"), bytes("APOP"), bytes("STLS"),
        bytes("NOOP"), bytes("HELP"),
    };
    private static final int[] COMMAND_MASKS = {
        SMTP, SMTP, FTP | POP3, FTP | POP3, FTP, FTP,
        FTP, FTP, FTP, POP3, POP3, POP3,
        NEUTRAL, NEUTRAL,
    };
    // IMAP commands valid before or right after login (RFC 9051 §6.1-6.3, RFC 2971 ID,
    // RFC 5161 ENABLE, RFC 4978 COMPRESS); a client opens with one of these.
    private static final byte[][] IMAP_COMMANDS = {
        bytes("CAPABILITY"), bytes("LOGIN"), bytes("AUTHENTICATE"), bytes("STARTTLS"), bytes("ID"),
        bytes("NOOP"), bytes("LOGOUT"), bytes("ENABLE"), bytes("SELECT"), bytes("EXAMINE"),
        bytes("LIST"), bytes("STATUS"), bytes("NAMESPACE"), bytes("COMPRESS"),
    };
    private static final byte[] STATUS_PREFIX = bytes("HTTP/1.");
    private static final byte[] IMAP_OK = bytes("* OK");
    private static final byte[] IMAP_PREAUTH = bytes("* PREAUTH");
    private static final byte[] POP3_OK = bytes("+OK");
    private static final byte[] CODE_220 = bytes("220");
    // "HTTP/1." in the high seven bytes of the tail, the minor version digit in the lowest.
    private static final long VERSION_TAIL = 0x485454502f312e00L;

    private LineScanner() {
    }

    private static int bit(int code) {
        return 1 << code;
    }

    private static byte[] bytes(String ascii) {
        byte[] b = new byte[ascii.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ascii.charAt(i);
        }
        return b;
    }

    /** 0 while scanning, else {@link #KNOWN} with the mask of protocols the text fits. */
    static int out(int[] s, int b) {
        return s[b + OUT];
    }

    /** Lines completed so far: the request line can only be line 0. */
    static int lines(int[] s, int b) {
        return s[b + LINES];
    }

    static void feed(int[] s, int b, long[] tails, int t, byte[] head, int hb, boolean client,
            byte[] buf, int off, int end) {
        for (int i = off; i < end && s[b + OUT] == 0; i++) {
            int v = buf[i] & 0xFF;
            int flags = s[b + FLAGS];
            if ((flags & FLAG_CR) != 0 && v != '\n') {
                s[b + OUT] = KNOWN;
            } else if (v == '\n') {
                endOfLine(s, b, tails[t], head, hb, client);
                tails[t] = 0;
            } else if (v == '\r') {
                s[b + FLAGS] = flags | FLAG_CR;
            } else if (v < 0x20 && v != '\t' || v == 0x7F) {
                s[b + OUT] = KNOWN;
            } else {
                int pos = s[b + POS];
                if (pos < HEAD) {
                    head[hb + pos] = (byte) v;
                }
                if (v == ' ') {
                    s[b + SPACES]++;
                    if (s[b + SP_FIRST] == 0) {
                        s[b + SP_FIRST] = pos + 1;
                    }
                    s[b + SP_LAST] = pos + 1;
                } else if (v == '\t') {
                    s[b + FLAGS] = flags | FLAG_TAB;
                }
                long tail = tails[t];
                tails[t] = tail << 8 | v;
                s[b + POS] = pos + 1;
            }
        }
    }

    private static void endOfLine(int[] s, int b, long tail, byte[] head, int hb, boolean client) {
        int mask;
        if (client) {
            mask = s[b + LINES] == 0 && requestLine(s, b, tail, head, hb) ? HTTP : command(s, b, head, hb);
        } else {
            mask = statusLine(s, b, head, hb) ? HTTP : greeting(s, b, head, hb);
        }
        if (mask == NEUTRAL) {
            s[b + LINES]++;
            s[b + POS] = 0;
            s[b + FLAGS] = 0;
            s[b + SPACES] = 0;
            s[b + SP_FIRST] = 0;
            s[b + SP_LAST] = 0;
        } else {
            s[b + OUT] = KNOWN | mask;
        }
    }

    /** RFC 9112 §3: method SP request-target SP HTTP-version, the version being HTTP/1.x. */
    private static boolean requestLine(int[] s, int b, long tail, byte[] head, int hb) {
        int length = s[b + POS];
        int method = s[b + SP_FIRST] - 1;
        int lastSpace = s[b + SP_LAST] - 1;
        if (s[b + SPACES] != 2 || (s[b + FLAGS] & FLAG_TAB) != 0 || method < 1 || method > HEAD) {
            return false;
        }
        if (lastSpace != length - 9 || lastSpace <= method + 1) {
            return false;   // " HTTP/1.x" ends the line and the target is not empty
        }
        if ((tail & ~0xFFL) != VERSION_TAIL || !digit((int) tail & 0xFF)) {
            return false;
        }
        for (int i = 0; i < method; i++) {
            if (!tchar(head[hb + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9112 §4: HTTP/1.x SP 3DIGIT [SP reason-phrase]; the SP is missing in some servers. */
    private static boolean statusLine(int[] s, int b, byte[] head, int hb) {
        int length = s[b + POS];
        if (length < 12 || !startsWith(head, hb, length, STATUS_PREFIX)) {
            return false;
        }
        return digit(head[hb + 7]) && head[hb + 8] == ' ' && digit(head[hb + 9]) && digit(head[hb + 10])
                && digit(head[hb + 11]) && (length == 12 || head[hb + 12] == ' ');
    }

    private static int greeting(int[] s, int b, byte[] head, int hb) {
        int length = s[b + POS];
        if (startsWith(head, hb, length, CODE_220)
                && (length == 3 || head[hb + 3] == ' ' || head[hb + 3] == '-')) {
            return FTP | SMTP;
        }
        if (wordAt(head, hb, length, 0, IMAP_OK) || wordAt(head, hb, length, 0, IMAP_PREAUTH)) {
            return IMAP;
        }
        return wordAt(head, hb, length, 0, POP3_OK) ? POP3 : 0;
    }

    private static int command(int[] s, int b, byte[] head, int hb) {
        int length = s[b + POS];
        int mask = 0;
        for (int c = 0; c < COMMANDS.length; c++) {
            if (wordAt(head, hb, length, 0, COMMANDS[c])) {
                mask = COMMAND_MASKS[c];
                break;
            }
        }
        // IMAP: tag SP command (RFC 9051 §2.2.1); a tag is 1*<ASTRING-CHAR except "+">.
        int tag = s[b + SP_FIRST] - 1;
        if (tag >= 1 && tag < HEAD - 2 && isTag(head, hb, tag)) {
            for (byte[] command : IMAP_COMMANDS) {
                if (wordAt(head, hb, length, tag + 1, command)) {
                    mask = mask == NEUTRAL ? IMAP : mask | IMAP;
                    break;
                }
            }
        }
        return mask;
    }

    private static boolean isTag(byte[] head, int hb, int length) {
        for (int i = 0; i < length; i++) {
            int c = head[hb + i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F || c == '(' || c == ')' || c == '{' || c == '%' || c == '*' || c == '"'
                    || c == '\\' || c == '+') {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code word} (upper case) stands at {@code at} of the line, case-insensitively,
     * and is followed by SP or the end of the line, all within the kept head.
     */
    private static boolean wordAt(byte[] head, int hb, int length, int at, byte[] word) {
        int end = at + word.length;
        if (end > length || end > HEAD || end < length && (end >= HEAD || head[hb + end] != ' ')) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            int c = head[hb + at + i];
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            }
            if (c != word[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] head, int hb, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[hb + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 §5.6.2 token characters. */
    private static boolean tchar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || digit(c) || c >= 0x21 && c < 0x7F && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
