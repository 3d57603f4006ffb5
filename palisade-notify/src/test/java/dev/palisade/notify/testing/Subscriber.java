package dev.palisade.notify.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test's own MQTT subscriber: a persistent session (clean session off) that reconnects by
 * itself, so messages published while it was cut off by a broker restart reach it afterwards.
 */
public final class Subscriber implements AutoCloseable {

    private final Mqtt3AsyncClient client;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private Subscriber(Mqtt3AsyncClient client) {
        this.client = client;
    }

    public static Subscriber connect(int port, String topic, String[] user, TestPki.Issued clientCert, TestPki pki) throws Exception {
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier("palisade-test-subscriber")
                .serverHost("127.0.0.1").serverPort(port)
                .automaticReconnect().initialDelay(50, TimeUnit.MILLISECONDS).maxDelay(500, TimeUnit.MILLISECONDS).applyAutomaticReconnect();
        if (user != null) {
            // On the client, not the connect message: the automatic reconnection reuses it.
            b = b.simpleAuth().username(user[0]).password(user[1].getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        if (pki != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.ca().certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] pw = "test".toCharArray();
            keys.setKeyEntry("me", clientCert.key(), pw, new X509Certificate[] {clientCert.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            b = b.sslConfig(MqttClientSslConfig.builder().trustManagerFactory(tmf).keyManagerFactory(kmf).build());
        }
        Mqtt3AsyncClient c = b.buildAsync();
        Subscriber s = new Subscriber(c);
        c.publishes(MqttGlobalPublishFilter.ALL, p -> s.received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        c.connectWith().cleanSession(false).keepAlive(5).send().get(10, TimeUnit.SECONDS);
        c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        return s;
    }

    public List<String> received() {
        return List.copyOf(received);
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception alreadyGone) {
            // the broker may be down
        }
    }
}
