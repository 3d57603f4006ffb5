package dev.palisade.notify;

import dev.palisade.notify.queue.QueueBounds;

/**
 * Tunables of a {@link Notifier} shared by its destinations.
 *
 * @param bounds  each queue's bounds
 * @param backoff wait between reconnection attempts
 * @param batch   records sent before confirmation is sought (the window of records that may be
 *                sent twice after a connection fails)
 */
public record NotifierOptions(QueueBounds bounds, Backoff backoff, int batch) {

    public static final NotifierOptions DEFAULT = new NotifierOptions(QueueBounds.DEFAULT, Backoff.DEFAULT, 256);

    public NotifierOptions {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
    }

    public NotifierOptions withBounds(QueueBounds b) {
        return new NotifierOptions(b, backoff, batch);
    }

    public NotifierOptions withBackoff(Backoff b) {
        return new NotifierOptions(bounds, b, batch);
    }
}
