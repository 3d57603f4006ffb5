package dev.palisade.inspect.appproto;

import static dev.palisade.inspect.appproto.Hex.ascii;
import static dev.palisade.inspect.appproto.Hex.bytes;
import static dev.palisade.inspect.appproto.Hex.concat;

import dev.palisade.config.model.AppProtocol;
import java.util.List;

/**
 * Flows as real programs open them, for the detector tests. Client bytes of curl 7.88.1,
 * OpenSSL 3.0 {@code s_client}, mosquitto_pub 2.0, OpenSSH 9.2 and lftp 4.9 were recorded from
 * those programs on a socket (2025); server greetings are those of vsftpd 3.0.3, ProFTPD, Postfix
 * and Dovecot as Debian ships them. Modbus units follow the specification's own examples and
 * what pymodbus and modpoll send (transaction ids counting from 1, unit 1 or 17).
 */
final class Samples {

    static final int CLIENT = 0;
    static final int SERVER = 1;

    /** One message: a direction and its bytes. */
    record Message(int direction, byte[] bytes) {
    }

    /**
     * A flow: its messages in the order they travel, the SYN's port and the expected code
     * ({@code UNDECIDED}: never a target, and NONE or still undecided after these bytes).
     */
    record Sample(String name, int serverPort, int expected, boolean portMatters, List<Message> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Samples() {
    }

    static Message client(byte[] b) {
        return new Message(CLIENT, b);
    }

    static Message server(byte[] b) {
        return new Message(SERVER, b);
    }

    static Message client(String text) {
        return new Message(CLIENT, ascii(text));
    }

    static Message server(String text) {
        return new Message(SERVER, ascii(text));
    }

    static Sample target(String name, int port, AppProtocol p, Message... messages) {
        return new Sample(name, port, AppProtocolDetector.codeOf(p), false, List.of(messages));
    }

    static Sample other(String name, int port, Message... messages) {
        return new Sample(name, port, AppProtocolDetector.NONE, false, List.of(messages));
    }

    /** Never a target, but may stay undecided: what it sent leaves a target possible for later bytes. */
    static Sample pending(String name, int port, Message... messages) {
        return new Sample(name, port, AppProtocolDetector.UNDECIDED, false, List.of(messages));
    }

    static Sample onPort(Sample s) {
        return new Sample(s.name(), s.serverPort(), s.expected(), true, s.messages());
    }

    // ---- TLS ClientHellos, as recorded, commented per field ----

    /** OpenSSH 9.2 client: the start of its SSH_MSG_KEXINIT, after its banner. */
    static final byte[] SSH_KEXINIT_START = bytes("""
                00 00 06 14  # packet length 1556
                08  # padding length
                14  # SSH_MSG_KEXINIT
                57 dd df 12 24 a6 e9 5d 0c 47 9a 7c 48 7c c2 4b  # cookie
                00 00 01 48  # kex_algorithms, 328 bytes, first 64 of them:
                73 6e 74 72 75 70 37 36 31 78 32 35 35 31 39 2d
                73 68 61 35 31 32 2c 73 6e 74 72 75 70 37 36 31
                78 32 35 35 31 39 2d 73 68 61 35 31 32 40 6f 70
                65 6e 73 73 68 2e 63 6f 6d 2c 63 75 72 76 65 32
                """);

    /** curl --http2-prior-knowledge after the preface: SETTINGS, WINDOW_UPDATE, HEADERS (GET /). */
    static final byte[] H2_AFTER_PREFACE = bytes("""
                00 00 12 04 00 00 00 00 00 00 03 00 00 00 64 00
                04 02 00 00 00 00 02 00 00 00 00 00 00 04 08 00
                00 00 00 00 01 ff 00 01 00 00 1f 01 05 00 00 00
                01 82 84 86 41 8b 08 9d 5c 0b 81 70 dc 0b c0 78
                3f 7a 88 25 b6 50 c3 ab bc f2 e1 53 03 2a 2f 2a
                """);

    /** curl -k https://127.0.0.1:18443/ (TLS 1.3, ALPN h2 and http/1.1, no SNI for an address). */
    static final byte[] TLS_CURL = bytes("""
                16 03 01 02 00  # record: handshake, version 0301, length 512
                01 00 01 fc  # ClientHello, length 508
                03 03  # client_version
                41 4a ab fc 34 a7 f7 0a 2e a6 20 e2 78 43 cd 81 45 ec 42 a1 16 1a d7 d5 bc 52 95 ae 14 22 df 84  # random
                20 89 c9 14 2f 27 77 70 f1 3f e4 3f 62 8c d7 7b 47 7f d2 ed 37 ff 99 11 a4 60 a5 d8 a5 18 a5 43  # session_id (32)
                c2
                00 3e  # cipher_suites (62 bytes)
                13 02 13 03 13 01 c0 2c c0 30 00 9f cc a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00 6b c0 23
                c0 27 00 67 c0 0a c0 14 00 39 c0 09 c0 13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00 ff
                01 00  # compression_methods: null
                01 75  # extensions (373 bytes)
                00 0b 00 04 03 00 01 02  # ec_point_formats (4)
                00 0a 00 16 00 14 00 1d 00 17 00 1e 00 19 00 18 01 00 01 01 01 02 01 03 01 04  # supported_groups (22)
                00 10 00 0e 00 0c 02 68 32 08 68 74 74 70 2f 31 2e 31  # ALPN: h2, http/1.1 (14)
                00 16 00 00  # encrypt_then_mac (0)
                00 17 00 00  # extended_master_secret (0)
                00 31 00 00  # post_handshake_auth (0)
                00 0d 00 2a 00 28 04 03 05 03 06 03 08 07 08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01  # signature_algorithms (42)
                06 01 03 03 03 01 03 02 04 02 05 02 06 02
                00 2b 00 09 08 03 04 03 03 03 02 03 01  # supported_versions (9)
                00 2d 00 02 01 01  # psk_key_exchange_modes (2)
                00 33 00 26 00 24 00 1d 00 20 00 8c a4 a9 3f b1 71 e1 3c 0a 1b 34 9b 41 ea c2 66 6c f1 fa 59 e1  # key_share (38)
                ed 0c 3a a6 d0 80 13 1a 9a 57
                00 15 00 c6  # padding (198)
                00*198
                """);

    /** curl --http1.1 https://localhost:18444/ (SNI localhost, ALPN http/1.1 only). */
    static final byte[] TLS_CURL_H11 = bytes("""
                16 03 01 02 00  # record: handshake, version 0301, length 512
                01 00 01 fc  # ClientHello, length 508
                03 03  # client_version
                a4 58 d0 23 64 f9 bf 4a 5a eb a0 30 7e ae 18 2e 5a f8 2f ca c1 ef 23 c6 2a 1f 13 56 c1 40 5a e0  # random
                20 79 d3 a5 5e bc 20 7c 0e d2 22 34 fb d2 82 43 e9 91 52 28 6f 91 2c f0 35 65 58 ee ba 6d 94 0f  # session_id (32)
                36
                00 3e  # cipher_suites (62 bytes)
                13 02 13 03 13 01 c0 2c c0 30 00 9f cc a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00 6b c0 23
                c0 27 00 67 c0 0a c0 14 00 39 c0 09 c0 13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00 ff
                01 00  # compression_methods: null
                01 75  # extensions (373 bytes)
                00 00 00 0e 00 0c 00 00 09 6c 6f 63 61 6c 68 6f 73 74  # server_name: localhost (14)
                00 0b 00 04 03 00 01 02  # ec_point_formats (4)
                00 0a 00 16 00 14 00 1d 00 17 00 1e 00 19 00 18 01 00 01 01 01 02 01 03 01 04  # supported_groups (22)
                00 10 00 0b 00 09 08 68 74 74 70 2f 31 2e 31  # ALPN: http/1.1 (11)
                00 16 00 00  # encrypt_then_mac (0)
                00 17 00 00  # extended_master_secret (0)
                00 31 00 00  # post_handshake_auth (0)
                00 0d 00 2a 00 28 04 03 05 03 06 03 08 07 08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01  # signature_algorithms (42)
                06 01 03 03 03 01 03 02 04 02 05 02 06 02
                00 2b 00 09 08 03 04 03 03 03 02 03 01  # supported_versions (9)
                00 2d 00 02 01 01  # psk_key_exchange_modes (2)
                00 33 00 26 00 24 00 1d 00 20 d7 5b 1b f9 dc b6 cd a4 2b 3f 67 3c 1a 1c cc fb d8 a6 b5 07 95 0e  # key_share (38)
                3a 09 ac 01 93 96 a5 b6 20 76
                00 15 00 b7  # padding (183)
                00*183
                """);

    /** openssl s_client -servername broker.example (TLS 1.3, no ALPN): what an MQTT client on 8883 sends. */
    static final byte[] TLS_NOALPN = bytes("""
                16 03 01 01 3b  # record: handshake, version 0301, length 315
                01 00 01 37  # ClientHello, length 311
                03 03  # client_version
                35 ff 5d b5 03 98 3e 95 d8 86 15 6a 2c 11 06 3a fd f6 a0 1a bd d5 81 98 6d 75 6f 05 68 77 0e 83  # random
                20 5d fc 29 94 1c 51 53 6e 90 08 f2 7f 42 a4 ed 5a 68 1b 9a ed a2 84 16 41 7b e7 77 e5 78 aa 04  # session_id (32)
                62
                00 3e  # cipher_suites (62 bytes)
                13 02 13 03 13 01 c0 2c c0 30 00 9f cc a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00 6b c0 23
                c0 27 00 67 c0 0a c0 14 00 39 c0 09 c0 13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00 ff
                01 00  # compression_methods: null
                00 b0  # extensions (176 bytes)
                00 00 00 13 00 11 00 00 0e 62 72 6f 6b 65 72 2e 65 78 61 6d 70 6c 65  # server_name: broker.example (19)
                00 0b 00 04 03 00 01 02  # ec_point_formats (4)
                00 0a 00 16 00 14 00 1d 00 17 00 1e 00 19 00 18 01 00 01 01 01 02 01 03 01 04  # supported_groups (22)
                00 23 00 00  # session_ticket (0)
                00 16 00 00  # encrypt_then_mac (0)
                00 17 00 00  # extended_master_secret (0)
                00 0d 00 2a 00 28 04 03 05 03 06 03 08 07 08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01  # signature_algorithms (42)
                06 01 03 03 03 01 03 02 04 02 05 02 06 02
                00 2b 00 09 08 03 04 03 03 03 02 03 01  # supported_versions (9)
                00 2d 00 02 01 01  # psk_key_exchange_modes (2)
                00 33 00 26 00 24 00 1d 00 20 e1 5b 33 b8 42 a1 6b 21 44 e4 20 e5 35 a9 dc 0a 07 a5 d4 f6 78 4e  # key_share (38)
                75 13 9d 42 8c 0f 67 b8 a1 3b
                """);

    /** openssl s_client -alpn mqtt: ALPN of MQTT over TLS (as AWS IoT uses on 443). */
    static final byte[] TLS_MQTT_ALPN = bytes("""
                16 03 01 01 2f  # record: handshake, version 0301, length 303
                01 00 01 2b  # ClientHello, length 299
                03 03  # client_version
                bc b6 11 12 eb 18 43 e7 7c 83 7c 68 81 c3 3d 99 6d dc 66 d8 f6 db 85 03 37 3b 1a 6f e6 26 1e 27  # random
                20 0c ab 30 05 10 e7 6e 35 23 20 48 05 e2 69 3f 33 af 01 9f ee f8 c8 94 e1 b5 84 20 61 1c 09 7b  # session_id (32)
                0a
                00 3e  # cipher_suites (62 bytes)
                13 02 13 03 13 01 c0 2c c0 30 00 9f cc a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00 6b c0 23
                c0 27 00 67 c0 0a c0 14 00 39 c0 09 c0 13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00 ff
                01 00  # compression_methods: null
                00 a4  # extensions (164 bytes)
                00 0b 00 04 03 00 01 02  # ec_point_formats (4)
                00 0a 00 16 00 14 00 1d 00 17 00 1e 00 19 00 18 01 00 01 01 01 02 01 03 01 04  # supported_groups (22)
                00 23 00 00  # session_ticket (0)
                00 10 00 07 00 05 04 6d 71 74 74  # ALPN: mqtt (7)
                00 16 00 00  # encrypt_then_mac (0)
                00 17 00 00  # extended_master_secret (0)
                00 0d 00 2a 00 28 04 03 05 03 06 03 08 07 08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01  # signature_algorithms (42)
                06 01 03 03 03 01 03 02 04 02 05 02 06 02
                00 2b 00 09 08 03 04 03 03 03 02 03 01  # supported_versions (9)
                00 2d 00 02 01 01  # psk_key_exchange_modes (2)
                00 33 00 26 00 24 00 1d 00 20 f5 c1 5d 1d ae 87 b6 21 f6 58 c9 c9 6a 77 c8 3b aa 7f 40 43 27 27  # key_share (38)
                c0 d7 b2 37 16 20 51 db d0 1a
                """);

    /** openssl s_client -alpn h3: an ALPN that is not HTTP over TCP. */
    static final byte[] TLS_H3_ALPN = bytes("""
                16 03 01 01 2d  # record: handshake, version 0301, length 301
                01 00 01 29  # ClientHello, length 297
                03 03  # client_version
                ed a0 e6 c4 22 56 dc ff a6 80 2f d0 cf 3a 8f 69 51 73 3c 0f 50 d6 09 40 a2 17 e6 3e 29 55 67 26  # random
                20 44 78 34 a6 6b c7 1b 28 d3 6e 73 76 30 1f 52 5a 95 cb 0b 13 2e b5 97 db c6 16 93 22 c5 20 b5  # session_id (32)
                58
                00 3e  # cipher_suites (62 bytes)
                13 02 13 03 13 01 c0 2c c0 30 00 9f cc a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00 6b c0 23
                c0 27 00 67 c0 0a c0 14 00 39 c0 09 c0 13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00 ff
                01 00  # compression_methods: null
                00 a2  # extensions (162 bytes)
                00 0b 00 04 03 00 01 02  # ec_point_formats (4)
                00 0a 00 16 00 14 00 1d 00 17 00 1e 00 19 00 18 01 00 01 01 01 02 01 03 01 04  # supported_groups (22)
                00 23 00 00  # session_ticket (0)
                00 10 00 05 00 03 02 68 33  # ALPN: h3 (5)
                00 16 00 00  # encrypt_then_mac (0)
                00 17 00 00  # extended_master_secret (0)
                00 0d 00 2a 00 28 04 03 05 03 06 03 08 07 08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01  # signature_algorithms (42)
                06 01 03 03 03 01 03 02 04 02 05 02 06 02
                00 2b 00 09 08 03 04 03 03 03 02 03 01  # supported_versions (9)
                00 2d 00 02 01 01  # psk_key_exchange_modes (2)
                00 33 00 26 00 24 00 1d 00 20 21 54 87 40 cd 44 70 60 22 ff 16 09 80 6b bb 98 19 c4 ba 10 56 e0  # key_share (38)
                7a b2 49 71 42 f8 29 cc 9c 29
                """);

    /** openssl s_client -tls1_2 (TLS 1.2 only, no ALPN, no SNI). */
    static final byte[] TLS12_NOALPN = bytes("""
                16 03 01 00 b7  # record: handshake, version 0301, length 183
                01 00 00 b3  # ClientHello, length 179
                03 03  # client_version
                c1 18 b4 c2 dd 6c a9 df 34 11 10 86 5c db 27 fd 41 be 2b 7c f7 a4 2c 5a 4b 01 01 50 83 b3 76 36  # random
                00  # session_id (0)
                00 38  # cipher_suites (56 bytes)
                c0 2c c0 30 00 9f cc a9 cc a8 cc aa c0 2b c0 2f 00 9e c0 24 c0 28 00 6b c0 23 c0 27 00 67 c0 0a
                c0 14 00 39 c0 09 c0 13 00 33 00 9d 00 9c 00 3d 00 3c 00 35 00 2f 00 ff
                01 00  # compression_methods: null
                00 52  # extensions (82 bytes)
                00 0b 00 04 03 00 01 02  # ec_point_formats (4)
                00 0a 00 0c 00 0a 00 1d 00 17 00 1e 00 19 00 18  # supported_groups (12)
                00 23 00 00  # session_ticket (0)
                00 16 00 00  # encrypt_then_mac (0)
                00 17 00 00  # extended_master_secret (0)
                00 0d 00 2a 00 28 04 03 05 03 06 03 08 07 08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01  # signature_algorithms (42)
                06 01 03 03 03 01 03 02 04 02 05 02 06 02
                """);

    // ---- MQTT CONNECT packets of mosquitto_pub, commented per field ----

    /** mosquitto_pub -V mqttv31 -i sensor-17. */
    static final byte[] MQTT31_CONNECT = bytes("""
            10 17                          # CONNECT, remaining length 23
            00 06 4d 51 49 73 64 70        # protocol name "MQIsdp"
            03                             # level 3 (MQTT 3.1)
            02                             # flags: clean session
            00 3c                          # keep alive 60 s
            00 09 73 65 6e 73 6f 72 2d 31 37   # client id "sensor-17"
            """);

    /** mosquitto_pub -V mqttv311 -i sensor-17 -u plc -P s3cret --will-topic plant/status --will-payload offline. */
    static final byte[] MQTT311_CONNECT = bytes("""
            10 39                          # CONNECT, remaining length 57
            00 04 4d 51 54 54              # protocol name "MQTT"
            04                             # level 4 (MQTT 3.1.1)
            c6                             # flags: user name, password, will, clean session
            00 3c                          # keep alive 60 s
            00 09 73 65 6e 73 6f 72 2d 31 37   # client id "sensor-17"
            00 0c 70 6c 61 6e 74 2f 73 74 61 74 75 73   # will topic "plant/status"
            00 07 6f 66 66 6c 69 6e 65     # will message "offline"
            00 03 70 6c 63                 # user name "plc"
            00 06 73 33 63 72 65 74        # password "s3cret"
            """);

    /** mosquitto_pub -V mqttv5 -i sensor-17 -D connect session-expiry-interval 3600. */
    static final byte[] MQTT5_CONNECT = bytes("""
            10 1e                          # CONNECT, remaining length 30
            00 04 4d 51 54 54              # protocol name "MQTT"
            05                             # level 5
            02                             # flags: clean start
            00 3c                          # keep alive 60 s
            08                             # properties length 8
            11 00 00 0e 10                 # session expiry interval 3600
            21 00 14                       # receive maximum 20
            00 09 73 65 6e 73 6f 72 2d 31 37   # client id "sensor-17"
            """);

    static final byte[] MQTT_CONNACK = bytes("20 02 00 00   # CONNACK: no session present, accepted");
    static final byte[] MQTT5_CONNACK = bytes("20 03 00 00 00   # CONNACK: accepted, no properties");

    // ---- Modbus/TCP ----

    /** Read holding registers: unit 1, from 0, 10 registers (pymodbus read_holding_registers(0, 10)). */
    static final byte[] MODBUS_READ_REQUEST = bytes("""
            00 01 00 00 00 06 01           # MBAP: transaction 1, protocol 0, length 6, unit 1
            03 00 00 00 0a                 # read holding registers, address 0, quantity 10
            """);
    static final byte[] MODBUS_READ_RESPONSE = bytes("""
            00 01 00 00 00 17 01           # MBAP: transaction 1, protocol 0, length 23, unit 1
            03 14                          # read holding registers, 20 bytes follow
            00 64 00 c8 01 2c 01 90 01 f4 02 58 02 bc 03 20 03 84 03 e8
            """);
    /** Write multiple registers (specification §6.12 example): unit 17, 2 registers at 1. */
    static final byte[] MODBUS_WRITE_REQUEST = bytes("""
            00 02 00 00 00 0b 11           # MBAP: transaction 2, length 11, unit 17
            10 00 01 00 02 04 00 0a 01 02  # write multiple registers: address 1, quantity 2, 4 bytes
            """);
    static final byte[] MODBUS_WRITE_RESPONSE = bytes("""
            00 02 00 00 00 06 11           # MBAP: transaction 2, length 6, unit 17
            10 00 01 00 02                 # write multiple registers: address 1, quantity 2
            """);
    /** modpoll -m tcp -t 0 -r 65536 -c 16: read coils at an address the device does not have. */
    static final byte[] MODBUS_COILS_REQUEST = bytes("""
            00 07 00 00 00 06 01           # MBAP: transaction 7, length 6, unit 1
            01 ff ff 00 10                 # read coils, address 65535, quantity 16
            """);
    static final byte[] MODBUS_EXCEPTION = bytes("""
            00 07 00 00 00 03 01           # MBAP: transaction 7, length 3, unit 1
            81 02                          # exception to read coils: illegal data address
            """);
    /** Two read input registers polls sent back to back (pipelined), answers not seen. */
    static final byte[] MODBUS_TWO_REQUESTS = bytes("""
            00 0a 00 00 00 06 01 04 00 10 00 02   # transaction 10: read input registers 16..17
            00 0b 00 00 00 06 01 04 00 20 00 04   # transaction 11: read input registers 32..35
            """);

    // ---- Text greetings and commands ----

    static final String HTTP_CURL_GET = "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n"
            + "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    static final String HTTP_PYTHON_RESPONSE = "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.7\r\n"
            + "Date: Tue, 25 Nov 2025 18:40:02 GMT\r\nContent-type: text/html\r\nContent-Length: 5\r\n\r\nhello";
    static final String HTTP_POST = "POST /api/v1/telemetry?device=plc-7 HTTP/1.1\r\nHost: collector.example\r\n"
            + "Content-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"temp\": 21.5000}";
    static final String HTTP_WEBDAV = "PROPFIND /dav/reports/ HTTP/1.1\r\nHost: nas.example\r\nDepth: 1\r\n\r\n";
    static final String HTTP_201 = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    static final String H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    static final byte[] H2_SERVER_SETTINGS = bytes("00 00 06 04 00 00 00 00 00 00 03 00 00 00 64   # SETTINGS max streams 100");

    static final String VSFTPD_GREETING = "220 (vsFTPd 3.0.3)\r\n";
    static final String PROFTPD_GREETING = "220 ProFTPD Server (Debian) [::ffff:192.0.2.10]\r\n";
    static final String FTP_MULTILINE_GREETING = "220-Welcome to the plant file server.\r\n"
            + "220-Unauthorised access is prohibited.\r\n220 Ready.\r\n";
    static final String POSTFIX_GREETING = "220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n";
    static final String SMTP_MULTILINE_GREETING = "220-mx.example.net ESMTP ready\r\n220 no UCE\r\n";
    static final String DOVECOT_IMAP_GREETING = "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
            + "LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n";
    static final String DOVECOT_POP3_GREETING = "+OK Dovecot (Debian) ready.\r\n";

    static final List<Sample> TARGETS = List.of(
            target("HTTP curl GET and Python http.server", 80, AppProtocol.HTTP,
                    client(HTTP_CURL_GET), server(HTTP_PYTHON_RESPONSE)),
            target("HTTP POST with a body", 8080, AppProtocol.HTTP, client(HTTP_POST), server(HTTP_201)),
            target("HTTP WebDAV PROPFIND", 80, AppProtocol.HTTP, client(HTTP_WEBDAV)),
            target("HTTP status line alone", 80, AppProtocol.HTTP, server(HTTP_PYTHON_RESPONSE)),
            target("HTTP/2 prior knowledge (curl)", 80, AppProtocol.HTTP,
                    client(concat(ascii(H2_PREFACE), H2_AFTER_PREFACE)), server(H2_SERVER_SETTINGS)),
            target("HTTPS curl ALPN h2,http/1.1", 8443, AppProtocol.HTTP, client(TLS_CURL)),
            target("HTTPS curl ALPN http/1.1 with SNI", 443, AppProtocol.HTTP, client(TLS_CURL_H11)),
            onPort(target("HTTPS TLS 1.3 without ALPN to 443", 443, AppProtocol.HTTP, client(TLS_NOALPN))),
            onPort(target("HTTPS TLS 1.2 without ALPN to 443", 443, AppProtocol.HTTP, client(TLS12_NOALPN))),
            target("MQTT 3.1 mosquitto_pub", 1883, AppProtocol.MQTT, client(MQTT31_CONNECT), server(MQTT_CONNACK)),
            target("MQTT 3.1.1 with will, user and password", 8080, AppProtocol.MQTT,
                    client(MQTT311_CONNECT), server(MQTT_CONNACK)),
            target("MQTT 5 with properties", 1883, AppProtocol.MQTT, client(MQTT5_CONNECT), server(MQTT5_CONNACK)),
            target("Modbus read holding registers", 502, AppProtocol.MODBUS,
                    client(MODBUS_READ_REQUEST), server(MODBUS_READ_RESPONSE)),
            target("Modbus write multiple registers", 5020, AppProtocol.MODBUS,
                    client(MODBUS_WRITE_REQUEST), server(MODBUS_WRITE_RESPONSE)),
            target("Modbus exception response", 502, AppProtocol.MODBUS,
                    client(MODBUS_COILS_REQUEST), server(MODBUS_EXCEPTION)),
            target("Modbus two pipelined requests", 502, AppProtocol.MODBUS, client(MODBUS_TWO_REQUESTS)),
            target("FTP vsftpd and curl", 21, AppProtocol.FTP, server(VSFTPD_GREETING), client("USER anonymous\r\n"),
                    server("331 Please specify the password.\r\n")),
            target("FTP ProFTPD and lftp", 2121, AppProtocol.FTP, server(PROFTPD_GREETING), client("FEAT\r\n"),
                    server("211-Features:\r\n")),
            target("FTP multi-line banner, FileZilla AUTH TLS", 21, AppProtocol.FTP, server(FTP_MULTILINE_GREETING),
                    client("AUTH TLS\r\n"), server("234 AUTH TLS successful\r\n")),
            target("FTP NOOP first, then USER", 21, AppProtocol.FTP, server(VSFTPD_GREETING), client("NOOP\r\n"),
                    server("200 NOOP ok.\r\n"), client("USER ftp\r\n")),
            target("SMTP Postfix and curl EHLO", 25, AppProtocol.SMTP, server(POSTFIX_GREETING), client("EHLO vm\r\n"),
                    server("250-mail.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n")),
            target("SMTP multi-line greeting, HELO", 2525, AppProtocol.SMTP, server(SMTP_MULTILINE_GREETING),
                    client("HELO plc-7.factory.example\r\n"), server("250 mx.example.net\r\n")),
            target("IMAP Dovecot and curl", 143, AppProtocol.IMAP, server(DOVECOT_IMAP_GREETING),
                    client("A001 CAPABILITY\r\n")),
            target("IMAP lower-case tag and command", 10143, AppProtocol.IMAP, server("* OK IMAP4rev1 Service Ready\r\n"),
                    client("1 login alice \"secret\"\r\n")),
            target("IMAP PREAUTH and ID", 143, AppProtocol.IMAP, server("* PREAUTH IMAP4rev2 server logged in as alice\r\n"),
                    client("a1 ID (\"name\" \"Thunderbird\" \"version\" \"128.5.0\")\r\n")),
            target("POP3 Dovecot and curl CAPA", 110, AppProtocol.POP3, server(DOVECOT_POP3_GREETING), client("CAPA\r\n")),
            target("POP3 USER", 1110, AppProtocol.POP3, server(DOVECOT_POP3_GREETING), client("USER alice\r\n"),
                    server("+OK\r\n")),
            target("POP3 STLS", 110, AppProtocol.POP3, server("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"),
                    client("STLS\r\n")));

    static final List<Sample> OTHERS = List.of(
            other("SSH to 22", 22, server("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),
                    client(concat(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n"), SSH_KEXINIT_START))),
            other("SSH to 80", 80, server("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),
                    client(concat(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n"), SSH_KEXINIT_START))),
            other("DNS over TCP", 53, client(bytes("""
                    00 1d                      # length 29
                    3a 4f 01 00 00 01 00 00 00 00 00 00   # id, RD, one question
                    07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01   # example.com A IN
                    """)), server(bytes("""
                    00 2d                      # length 45
                    3a 4f 81 80 00 01 00 01 00 00 00 00   # id, response, RD RA, one answer
                    07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01
                    c0 0c 00 01 00 01 00 00 0e 10 00 04 5d b8 d7 0e   # example.com A 93.184.215.14
                    """))),
            onPort(other("TLS 1.3 without ALPN to 8883 (MQTT over TLS)", 8883, client(TLS_NOALPN))),
            onPort(other("TLS 1.2 without ALPN to 8883", 8883, client(TLS12_NOALPN))),
            other("TLS ALPN mqtt to 443", 443, client(TLS_MQTT_ALPN)),
            other("TLS ALPN h3 to 443", 443, client(TLS_H3_ALPN)),
            other("RDP connection request", 3389, client(bytes("""
                    03 00 00 2b                # TPKT, length 43
                    26 e0 00 00 00 00 00       # X.224 connection request
                    43 6f 6f 6b 69 65 3a 20 6d 73 74 73 68 61 73 68 3d 75 73 65 72 0d 0a   # Cookie: mstshash=user
                    01 00 08 00 03 00 00 00    # RDP negotiation request: TLS and CredSSP
                    """)), server(bytes("""
                    03 00 00 13 0e d0 00 00 12 34 00   # TPKT, X.224 connection confirm
                    02 00 08 00 02 00 00 00    # RDP negotiation response: CredSSP
                    """))),
            other("VNC", 5900, server("RFB 003.008\n"), client("RFB 003.008\n")),
            other("220 from a printer, unknown command", 9100, server("220 JetDirect ready\r\n"), client("STAT\r\n")),
            other("SMTP greeting, IMAP-like command", 25, server(POSTFIX_GREETING), client("A001 CAPABILITY\r\n")),
            other("POP3 greeting, SMTP command", 110, server(DOVECOT_POP3_GREETING), client("EHLO vm\r\n")),
            other("IMAP greeting, untagged command", 143, server(DOVECOT_IMAP_GREETING), client("CAPABILITY\r\n")),
            other("Redis inline AUTH answered +OK (client first)", 6379, client("AUTH s3cret\r\n"), server("+OK\r\n")),
            other("RTSP OPTIONS", 554, client("OPTIONS rtsp://cam.local:554/stream1 RTSP/1.0\r\nCSeq: 1\r\n\r\n"),
                    server("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n")),
            other("SIP REGISTER over TCP", 5060, client("REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.5\r\n\r\n"),
                    server("SIP/2.0 200 OK\r\n\r\n")),
            other("HTTP/0.9-like line without version", 80, client("GET /\r\n"), server("<html>hi</html>\r\n")),
            other("Telnet negotiation", 23, server(bytes("ff fd 18 ff fd 20 ff fd 23 ff fd 27   # IAC DO ...")),
                    client(bytes("ff fb 18 ff fb 20 ff fb 23 ff fb 27   # IAC WILL ..."))),
            pending("MQTT CONNECT with a bad protocol level", 1883, client(bytes("""
                    10 0c 00 04 4d 51 54 54 03 02 00 3c 00 00   # "MQTT" with level 3
                    """))),
            pending("MQTT CONNECT with bytes to spare", 1883, client(bytes("""
                    10 0e 00 04 4d 51 54 54 04 02 00 3c 00 00 ff ff   # remaining length 2 too long
                    """)), server(bytes("00"))),
            other("Modbus-like header with a user-defined function", 502, client(bytes("""
                    00 01 00 00 00 06 01 41 00 00 00 0a   # function 65 is not public
                    """)), server(bytes("00 01 00 00 00 03 01 c1 01"))),
            pending("Modbus request answered with another transaction", 502, client(MODBUS_READ_REQUEST),
                    server(bytes("""
                    00 09 00 00 00 06 01 03 00 00 00 0a   # transaction 9, and a request layout
                    """))));
}
