package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.ConfigDocument;
import dev.palisade.notify.NotifierOptions;
import dev.palisade.notify.Notifications;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target {@code palisade run} gives the management service: a new document reaches the engine
 * and switches notification delivery to its settings; a document whose Syslog certificate cannot be
 * read reaches neither. (Delivery itself is proven against rsyslogd and Mosquitto in palisade-notify.)
 */
class NotificationsTargetTest {

    @TempDir
    Path dir;

    private static ConfigDocument syslog(String host, String mode, String certificate) throws Exception {
        return ConfigDocument.parse("{\"SETTINGS\": {\"SYSLOG\": {\"enable\": true, \"host\": \"" + host + "\", \"port\": 6514, \"mode\": \"" + mode
                + "\", \"certificate\": \"" + certificate + "\"}}}");
    }

    @Test
    void aNewDocumentReachesTheEngineAndSwitchesDelivery() throws Exception {
        List<ConfigDocument> engine = new ArrayList<>();
        try (Notifications notifications = Notifications.start(dir, ConfigDocument.defaults().settings(), NotifierOptions.DEFAULT,
                r -> { })) {
            NotificationsTarget target = new NotificationsTarget(engine::add, notifications);
            assertThat(notifications.status()).isEmpty();
            ConfigDocument next = syslog("192.0.2.10:6514", "tcp", "");
            target.apply(next);
            assertThat(engine).containsExactly(next);
            assertThat(notifications.status()).singleElement()
                    .satisfies(s -> assertThat(s.destination()).isEqualTo("syslog+tcp://192.0.2.10:6514"));

            ConfigDocument broken = syslog("192.0.2.10:6514", "tls", "-----BEGIN CERTIFICATE-----\\\\nAAAA\\\\n-----END CERTIFICATE-----");
            assertThatThrownBy(() -> target.apply(broken)).hasMessageContaining("SETTINGS.SYSLOG.certificate");
            assertThat(engine).containsExactly(next);
            assertThat(notifications.status()).singleElement()
                    .satisfies(s -> assertThat(s.destination()).isEqualTo("syslog+tcp://192.0.2.10:6514"));
        }
    }
}
