package dev.palisade.ips.rules;

/**
 * An {@code app-layer-event:protocol.name} keyword, e.g. {@code modbus.invalid_function_code}:
 * the rule matches a transaction on which that protocol engine raised the anomaly event.
 */
public record AppLayerEvent(String protocol, String name) {

    @Override
    public String toString() {
        return protocol + "." + name;
    }
}
