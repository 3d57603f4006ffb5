package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.management.history.ConfigurationTarget;
import dev.palisade.notify.Notifications;

/**
 * The running gateway's configuration target with notification delivery in it: a new document is
 * first read for its Syslog and MQTT destinations (an unreadable certificate refuses the whole
 * document before anything changed), then applied to {@code next} (the engine), then delivery
 * switches to the new settings. Queued records survive the switch ({@link Notifications}).
 */
final class NotificationsTarget implements ConfigurationTarget {

    private final ConfigurationTarget next;
    private final Notifications notifications;

    NotificationsTarget(ConfigurationTarget next, Notifications notifications) {
        this.next = next;
        this.notifications = notifications;
    }

    @Override
    public void apply(ConfigDocument document) throws Exception {
        Notifications.Plan plan = Notifications.plan(document.settings());
        next.apply(document);
        notifications.switchTo(plan);
    }
}
