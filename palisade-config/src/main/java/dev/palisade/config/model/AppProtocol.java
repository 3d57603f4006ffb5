package dev.palisade.config.model;

/** The application protocols of {@code NETWORK.APP_PROTO.filtered_protos}, by their keys. */
public enum AppProtocol {
    FTP("ftp"),
    HTTP("http"),
    IMAP("imap"),
    MODBUS("modbus"),
    MQTT("mqtt"),
    POP3("pop3"),
    SMTP("smtp");

    private final String key;

    AppProtocol(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
