package dev.palisade.conntrack;

import java.util.concurrent.TimeUnit;

/**
 * Idle timeouts per protocol and TCP state, in nanoseconds of packet time. The defaults follow
 * the Linux conntrack defaults so that the gateway forgets flows when a Linux router would.
 */
public record Timeouts(
        long[] tcpByState,
        long tcpUnacknowledged,
        long udpUnreplied,
        long udpReplied,
        long icmp,
        long generic) {

    public Timeouts {
        if (tcpByState.length != TcpState.COUNT) {
            throw new IllegalArgumentException("need a timeout for each of " + TcpState.COUNT + " TCP states");
        }
        tcpByState = tcpByState.clone();
    }

    public static Timeouts defaults() {
        long[] tcp = new long[TcpState.COUNT];
        tcp[TcpState.NONE] = seconds(10);
        tcp[TcpState.SYN_SENT] = seconds(120);
        tcp[TcpState.SYN_RECV] = seconds(60);
        tcp[TcpState.ESTABLISHED] = seconds(432_000);
        tcp[TcpState.FIN_WAIT] = seconds(120);
        tcp[TcpState.CLOSE_WAIT] = seconds(60);
        tcp[TcpState.LAST_ACK] = seconds(30);
        tcp[TcpState.TIME_WAIT] = seconds(120);
        tcp[TcpState.CLOSE] = seconds(10);
        tcp[TcpState.SYN_SENT2] = seconds(120);
        return new Timeouts(tcp, seconds(300), seconds(30), seconds(120), seconds(30), seconds(600));
    }

    @Override
    public long[] tcpByState() {
        return tcpByState.clone();
    }

    public long tcp(int state) {
        return tcpByState[state];
    }

    private static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }
}
