package dev.palisade.notify.syslog;

import dev.palisade.notify.Sink;
import dev.palisade.notify.tls.ServerCertificateTrust;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * TCP (RFC 6587) and TLS (RFC 5425) delivery: each message framed as {@code MSG-LEN SP MSG}
 * (octet counting, so a message may hold any byte). TLS is 1.2 or 1.3 only, the server verified
 * by {@link ServerCertificateTrust}; no client certificate is sent.
 *
 * <p>TCP accepts bytes long before the server has them, so a write succeeding proves little. A
 * Syslog server never sends anything, so {@link #confirm()} reads with a 1 ms timeout: a timeout
 * means the connection is still up, end of stream or an error means the server closed or reset
 * it and what was sent since the last confirmation may not have arrived; the courier then sends
 * it again. A server that vanishes without closing (power loss) is noticed only when TCP gives
 * up; what it had not read is then sent again too.
 */
final class StreamSink implements Sink {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SyslogDestination destination;
    private volatile Socket socket;
    private OutputStream out;
    private InputStream in;

    StreamSink(SyslogDestination destination) {
        this.destination = destination;
    }

    @Override
    public void open() throws IOException {
        InetSocketAddress to = new InetSocketAddress(destination.host(), destination.port());
        if (to.isUnresolved()) {
            throw new IOException("cannot resolve " + destination.host());
        }
        Socket s = new Socket();
        socket = s;
        int timeout = (int) Math.min(Integer.MAX_VALUE, destination.connectTimeout().toMillis());
        s.connect(to, timeout);
        s.setKeepAlive(true);
        s.setTcpNoDelay(true);
        if (destination.transport() == SyslogTransport.TLS) {
            SSLSocket tls = (SSLSocket) tlsContext().getSocketFactory().createSocket(s, destination.host(), destination.port(), true);
            socket = tls;
            SSLParameters params = tls.getSSLParameters();
            params.setProtocols(PROTOCOLS);
            tls.setSSLParameters(params);
            tls.setSoTimeout(timeout);
            tls.startHandshake();
            s = tls;
        }
        s.setSoTimeout(1);
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        in = s.getInputStream();
    }

    private SSLContext tlsContext() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {ServerCertificateTrust.of(destination.trusted(), destination.host())}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(byte[] payload) throws IOException {
        out.write(Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.write(payload);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void confirm() throws IOException {
        out.flush();
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException stillUp) {
            return;
        }
        throw new IOException(b < 0 ? "the server closed the connection" : "the server sent data, which Syslog never does");
    }

    @Override
    public Duration settle() {
        return destination.settle();
    }

    @Override
    public void close() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing left to do with a socket that will not close
            }
        }
    }
}
