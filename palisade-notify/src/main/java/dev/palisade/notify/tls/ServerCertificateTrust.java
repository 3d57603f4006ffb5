package dev.palisade.notify.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether a destination's server may be trusted, given the certificate(s) the
 * administrator uploaded. Two cases:
 *
 * <ul>
 *   <li><b>Pinned</b>: the server presents (as its own certificate) one of the uploaded
 *       certificates, byte for byte, within its validity period. It is trusted; its names are not
 *       checked, because the administrator named this exact certificate.</li>
 *   <li><b>Issued</b>: otherwise the server's chain must validate (PKIX, no revocation check: the
 *       gateway has no route to CRLs or OCSP) up to an uploaded certificate as trust anchor, and
 *       the server certificate must name the destination: an {@code iPAddress} subject
 *       alternative name equal to the configured address (or, for a host name, a matching
 *       {@code dNSName}; a leading {@code *.} wildcard covers one label). The subject's common
 *       name is not consulted (RFC 6125).</li>
 * </ul>
 *
 * Only server authentication is offered; the JDK's own endpoint identification stays off because
 * this class does it.
 */
public final class ServerCertificateTrust extends X509ExtendedTrustManager {

    private final List<X509Certificate> uploaded;
    private final X509TrustManager pkix;
    private final String host;

    private ServerCertificateTrust(List<X509Certificate> uploaded, X509TrustManager pkix, String host) {
        this.uploaded = uploaded;
        this.pkix = pkix;
        this.host = host;
    }

    /** Trust for a server reached as {@code host} (an address or a name). */
    public static ServerCertificateTrust of(List<X509Certificate> uploaded, String host) throws GeneralSecurityException {
        if (uploaded.isEmpty()) {
            throw new GeneralSecurityException("no certificate to trust");
        }
        KeyStore anchors = PemMaterial.trustStore(uploaded);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return new ServerCertificateTrust(List.copyOf(uploaded), x, host);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        X509Certificate leaf = chain[0];
        for (X509Certificate c : uploaded) {
            if (c.equals(leaf)) {
                leaf.checkValidity();
                return;
            }
        }
        pkix.checkServerTrusted(chain, authType);
        if (!names(leaf, host)) {
            throw new CertificateException("the server certificate does not name " + host);
        }
    }

    /** Whether {@code cert}'s subject alternative names include {@code host}. */
    static boolean names(X509Certificate cert, String host) throws CertificateParsingException {
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        InetAddress address = literal(host);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (address != null && type == 7) {
                InetAddress named = literal(value);
                if (address.equals(named)) {
                    return true;
                }
            } else if (address == null && type == 2 && dnsMatches(value, host)) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** The address {@code text} spells, or null for a name; never looks a name up. */
    static InetAddress literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager authenticates servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return uploaded.toArray(X509Certificate[]::new);
    }
}
