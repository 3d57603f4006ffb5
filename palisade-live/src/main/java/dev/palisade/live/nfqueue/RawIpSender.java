package dev.palisade.live.nfqueue;

import dev.palisade.engine.FrameSink;
import dev.palisade.live.netlink.NetlinkException;
import dev.palisade.live.netlink.RawIpSocket;
import dev.palisade.packet.LinkLayer;
import dev.palisade.routing.Interface;

/**
 * Sends the frames a {@link QueueInspector}'s engine generates (TCP resets) through a raw IPv4
 * socket opened in the gateway's namespace: the kernel routes them, so the egress the engine
 * chose is not needed. Best effort, like the resets themselves: a failed send is counted, never
 * thrown into the packet path. Used by the queue thread that owns it.
 */
public final class RawIpSender implements FrameSink, AutoCloseable {

    private final RawIpSocket socket;
    private long sent;
    private long failed;

    public RawIpSender(RawIpSocket socket) {
        this.socket = socket;
    }

    @Override
    public void send(Interface egress, LinkLayer link, byte[] buffer, int offset, int length) {
        if (link != LinkLayer.RAW_IP) {
            failed++;
            return;
        }
        try {
            socket.send(buffer, offset, length);
            sent++;
        } catch (NetlinkException | IllegalArgumentException e) {
            failed++;
        }
    }

    public long sent() {
        return sent;
    }

    public long failed() {
        return failed;
    }

    @Override
    public void close() {
        socket.close();
    }
}
