package dev.palisade.config;

import dev.palisade.config.model.NetProtectorConfig;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the IPS's own object, {@code palisade.netprotector}: its {@code APP_CONFIGURATION} holds
 * the two rule lists as Base64. Whitespace inside the Base64 text is ignored (the spec's own
 * example pads the value with spaces, and pasted text is often wrapped); the decoded bytes must
 * be UTF-8 text.
 */
final class NetProtectorBinder {

    private NetProtectorBinder() {
    }

    /** Empty when the object or its {@code APP_CONFIGURATION} is absent, or on errors. */
    static Optional<NetProtectorConfig> bind(Fields root) {
        Optional<Fields> app = root.object(NetworkProtector.PACKAGE_ID, false);
        if (app.isEmpty()) {
            return Optional.empty();
        }
        Optional<Fields> config = app.get().object(NetworkProtector.APP_CONFIGURATION, false);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = config.get();
        fields.warnUnknown(Set.of(NetworkProtector.COMMANDS_RULES, NetworkProtector.ANOMALY_RULES));
        int before = fields.problems().errorCount();
        Optional<String> commands = rules(fields, NetworkProtector.COMMANDS_RULES);
        Optional<String> anomalies = rules(fields, NetworkProtector.ANOMALY_RULES);
        if (fields.problems().errorCount() != before) {
            return Optional.empty();
        }
        return Optional.of(new NetProtectorConfig(commands, anomalies));
    }

    private static Optional<String> rules(Fields config, String key) {
        Optional<String> text = config.string(key, false);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().isBlank()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64Text.decode(text.get());
        } catch (IllegalArgumentException e) {
            config.error(key, "not valid Base64: " + e.getMessage());
            return Optional.empty();
        }
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return Optional.of(decoded);
        } catch (CharacterCodingException e) {
            config.error(key, "the decoded rules are not UTF-8 text");
            return Optional.empty();
        }
    }
}
