package dev.palisade.conntrack;

/** TCP connection states as stored (one byte) in the table, with their names for output. */
public final class TcpState {

    public static final int NONE = 0;
    public static final int SYN_SENT = 1;
    public static final int SYN_RECV = 2;
    public static final int ESTABLISHED = 3;
    public static final int FIN_WAIT = 4;
    public static final int CLOSE_WAIT = 5;
    public static final int LAST_ACK = 6;
    public static final int TIME_WAIT = 7;
    public static final int CLOSE = 8;
    /** Simultaneous open: both sides sent a SYN. */
    public static final int SYN_SENT2 = 9;

    static final int COUNT = 10;

    private static final String[] NAMES = {
        "none", "syn-sent", "syn-recv", "established", "fin-wait", "close-wait", "last-ack", "time-wait", "close", "syn-sent2"
    };

    private TcpState() {
    }

    public static String name(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : "unknown";
    }
}
