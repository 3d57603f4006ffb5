package dev.palisade.notify.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import dev.palisade.notify.Sink;
import dev.palisade.notify.tls.PemMaterial;
import dev.palisade.notify.tls.ServerCertificateTrust;
import dev.palisade.notify.tls.TrustManagers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;

/**
 * One MQTT 3.1.1 session with the broker (clean session): {@link #send} publishes with QoS 1 and
 * returns only when the broker's PUBACK arrived, so a record leaves the queue only once the
 * broker has taken responsibility for it. TLS 1.2 or 1.3; the broker is verified by
 * {@link ServerCertificateTrust} against the uploaded root certificate.
 */
final class MqttSink implements Sink {

    private final MqttDestination destination;
    private volatile Mqtt3AsyncClient client;

    MqttSink(MqttDestination destination) {
        this.destination = destination;
    }

    @Override
    public void open() throws IOException {
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                .identifier(destination.clientId())
                .serverHost(destination.host())
                .serverPort(destination.port());
        if (destination.tls().isPresent()) {
            builder = builder.sslConfig(sslConfig(destination.tls().get()));
        }
        Mqtt3AsyncClient c = builder.buildAsync();
        client = c;
        Mqtt3ConnectBuilder.Send<CompletableFuture<Mqtt3ConnAck>> connect =
                c.connectWith().cleanSession(true).keepAlive(30);
        if (destination.login().isPresent()) {
            var auth = connect.simpleAuth().username(destination.login().get());
            if (destination.password().isPresent()) {
                auth = auth.password(destination.password().get().getBytes(StandardCharsets.UTF_8));
            }
            connect = auth.applySimpleAuth();
        }
        await(connect.send(), "connect");
    }

    private MqttClientSslConfig sslConfig(MqttTls tls) throws IOException {
        try {
            MqttClientSslConfigBuilder b = MqttClientSslConfig.builder()
                    .protocols(List.of("TLSv1.3", "TLSv1.2"))
                    .trustManagerFactory(TrustManagers.factoryOf(ServerCertificateTrust.of(tls.trusted(), destination.host())))
                    .handshakeTimeout(destination.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (tls.clientKey().isPresent()) {
                char[] pass = new char[24];
                SecureRandom random = new SecureRandom();
                for (int i = 0; i < pass.length; i++) {
                    pass[i] = (char) ('a' + random.nextInt(26));
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(PemMaterial.keyStore(tls.clientKey().get(), tls.clientChain(), pass), pass);
                b = b.keyManagerFactory(kmf);
            }
            return b.build();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(byte[] payload) throws IOException {
        Mqtt3AsyncClient c = client;
        await(c.publishWith().topic(destination.topic()).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send(), "publish");
    }

    @Override
    public void flush() {
        // each send waited for its PUBACK
    }

    @Override
    public void confirm() {
        // each send waited for its PUBACK
    }

    @Override
    public Duration settle() {
        return Duration.ZERO;
    }

    @Override
    public void close() {
        Mqtt3AsyncClient c = client;
        if (c != null) {
            client = null;
            try {
                c.disconnect().get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // already gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get(destination.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("MQTT " + what + " failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("MQTT " + what + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during MQTT " + what, e);
        }
    }
}
