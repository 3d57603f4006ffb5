package dev.palisade.notify.mqtt;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * TLS settings of an MQTT destination: the uploaded root certificate(s) the broker is verified
 * against, and optionally the client certificate chain and its key. {@link #toString()} leaves
 * the key out.
 */
public record MqttTls(List<X509Certificate> trusted, List<X509Certificate> clientChain, Optional<PrivateKey> clientKey) {

    public MqttTls {
        trusted = List.copyOf(trusted);
        clientChain = List.copyOf(clientChain);
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("TLS needs the broker's CA certificate");
        }
        if (clientChain.isEmpty() != clientKey.isEmpty()) {
            throw new IllegalArgumentException("a client certificate and its key go together");
        }
    }

    @Override
    public String toString() {
        return "MqttTls[trusted=" + trusted.size() + " certificate(s), client certificate="
                + (clientChain.isEmpty() ? "none" : "present") + "]";
    }
}
