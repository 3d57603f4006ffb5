package dev.palisade.ips.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A connection the {@link Protector} follows: its client and server ends (the client is the side
 * that sent the SYN, or, for a connection picked up midstream, the side not on the application
 * port), the application protocol decided for it, its TCP state as rules see it
 * ({@code established}), whether a {@code pass} rule passed it, and counters for the EVE
 * {@code flow} record. Owned by the protector's thread; listeners read it during their call.
 */
public final class Flow {

    /** What the flow carries, as far as the protector knows. */
    public enum App {
        /** Not decided yet, or not inspected at the application layer. */
        NONE,
        /** Waiting for the first bytes to confirm Modbus/TCP (Suricata's probe). */
        MODBUS_PROBE,
        /** Waiting for the client's first bytes to show an MQTT CONNECT (other ports). */
        MQTT_PROBE,
        MODBUS,
        MQTT,
        /** Probed and not the protocol expected: left alone at the application layer. */
        FAILED
    }

    final long id;
    final int ipProtocol;
    final boolean ipv6;
    final byte[] client = new byte[16];
    final byte[] server = new byte[16];
    final int clientPort;
    final int serverPort;
    int slot = -1;
    // FlowTable's key (canonical ends as longs) and recency links
    long keyLowHigh;
    long keyLowLow;
    long keyHighHigh;
    long keyHighLow;
    int keyProto;
    int keyLowPort;
    int keyHighPort;
    int keyHash;
    Flow older;
    Flow newer;
    boolean inTable;
    App app = App.NONE;
    boolean midstream;
    boolean streams;
    boolean synSeen;
    boolean synAckSeen;
    boolean established;
    boolean passed;
    dev.palisade.ips.rules.Rule passRule;
    boolean alerted;
    int finMask;
    boolean reset;
    boolean closed;
    long closedNanos;
    final long[] packets = new long[2];
    final long[] bytes = new long[2];
    long startNanos;
    long lastNanos;
    /** First bytes kept while they are too few for the protocol probe to decide (null until needed). */
    byte[] probeHead;
    int probeLength;
    int probeDirection = -1;

    Flow(long id, int ipProtocol, boolean ipv6, byte[] client, int clientPort, byte[] server, int serverPort) {
        this.id = id;
        this.ipProtocol = ipProtocol;
        this.ipv6 = ipv6;
        System.arraycopy(client, 0, this.client, 0, 16);
        System.arraycopy(server, 0, this.server, 0, 16);
        this.clientPort = clientPort;
        this.serverPort = serverPort;
    }

    /** EVE {@code flow_id}: unique within a run. */
    public long id() {
        return id;
    }

    public int ipProtocol() {
        return ipProtocol;
    }

    public String clientText() {
        return text(client, ipv6);
    }

    public String serverText() {
        return text(server, ipv6);
    }

    /** Whether the addresses are IPv6 (else IPv4, held in the last four of the 16 bytes). */
    public boolean ipv6() {
        return ipv6;
    }

    /** Copies the client's address into {@code into16} (16 bytes; IPv4 in the last four). */
    public void clientAddress(byte[] into16) {
        System.arraycopy(client, 0, into16, 0, 16);
    }

    /** Copies the server's address into {@code into16}. */
    public void serverAddress(byte[] into16) {
        System.arraycopy(server, 0, into16, 0, 16);
    }

    public int clientPort() {
        return clientPort;
    }

    public int serverPort() {
        return serverPort;
    }

    public App app() {
        return app;
    }

    /** The application protocol as EVE names it ({@code modbus}, {@code mqtt}, {@code failed}), or null. */
    public String appName() {
        return switch (app) {
            case MODBUS -> "modbus";
            case MQTT -> "mqtt";
            case FAILED -> "failed";
            default -> null;
        };
    }

    public boolean established() {
        return established;
    }

    /** Whether a {@code pass} rule matched this (TCP) flow: no rule is evaluated on it any more. */
    public boolean passed() {
        return passed;
    }

    /** Whether any rule alerted on the flow. */
    public boolean alerted() {
        return alerted;
    }

    /** Packets seen, direction 0 to the server, 1 to the client. */
    public long packets(int direction) {
        return packets[direction & 1];
    }

    public long bytes(int direction) {
        return bytes[direction & 1];
    }

    public long startNanos() {
        return startNanos;
    }

    public long lastNanos() {
        return lastNanos;
    }

    /** Whether the flow ended with a reset (else with FINs, or it was still open). */
    public boolean reset() {
        return reset;
    }

    static String text(byte[] a, boolean v6) {
        try {
            return v6 ? InetAddress.getByAddress(a).getHostAddress()
                    : InetAddress.getByAddress(Arrays.copyOfRange(a, 12, 16)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
