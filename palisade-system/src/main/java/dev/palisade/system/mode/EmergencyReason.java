package dev.palisade.system.mode;

import java.time.Instant;
import java.util.Objects;

/** One reason the gateway is in emergency support mode: the cause, what exactly failed, and since when. */
public record EmergencyReason(EmergencyCause cause, String description, Instant since) {

    public EmergencyReason {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(since, "since");
    }

    /** "self-test failed: traffic blocking: ..." */
    public String text() {
        return cause.text() + ": " + description;
    }
}
