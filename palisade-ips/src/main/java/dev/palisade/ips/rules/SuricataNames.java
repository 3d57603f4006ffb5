package dev.palisade.ips.rules;

import java.util.Set;

/**
 * Names Suricata 7 knows: its rule keywords, its sticky buffers, the protocols a rule header may
 * name and the application protocols {@code app-layer-protocol} and {@code app-layer-event}
 * know. They let the parser tell a valid Suricata rule that Palisade does not enforce (a warning,
 * the rule is skipped) from a typing mistake (an error). Taken from the output of
 * {@code suricata --list-keywords} and {@code --list-app-layer-protos} of Suricata 7.0.10.
 */
final class SuricataNames {

    private SuricataNames() {
    }

    /** Every rule keyword of Suricata 7.0.10. */
    static final Set<String> KEYWORDS = Set.of(
            "sid", "priority", "rev", "classtype", "app-layer-protocol", "tcp.ack",
            "tcp.seq", "tcp.window", "ipopts", "ip.src", "ip.dst", "tcp.flags",
            "fragbits", "fragoffset", "ttl", "tos", "itype", "icode",
            "icmp_id", "icmp_seq", "icmpv4.hdr", "dsize", "flow", "threshold",
            "metadata", "reference", "tag", "msg", "content", "uricontent",
            "pcre", "depth", "startswith", "endswith", "distance", "within",
            "offset", "replace", "nocase", "fast_pattern", "rawbytes", "byte_test",
            "byte_jump", "byte_math", "sameip", "geoip", "ip_proto", "ftpbounce",
            "isdataat", "id", "rpc", "flowvar", "flowint", "pktvar",
            "noalert", "alert", "flowbits", "hostbits", "ipv4-csum", "tcpv4-csum",
            "tcpv6-csum", "udpv4-csum", "udpv6-csum", "icmpv4-csum", "icmpv6-csum", "stream_size",
            "detection_filter", "dataset", "datarep", "decode-event", "gid", "nfq_set_mark",
            "bsize", "frame", "flow.age", "requires", "tls.version", "tls.subject",
            "tls.issuerdn", "tls_cert_notbefore", "tls_cert_notafter", "tls_cert_expired", "tls_cert_valid", "tls.fingerprint",
            "tls_store", "tls.cert_chain_len", "http_cookie", "http.cookie", "http_method", "http.method",
            "http.protocol", "http.start", "urilen", "http_client_body", "http.request_body", "http_server_body",
            "http.response_body", "http_header", "http.header", "http.header_names", "http.accept", "http.accept_lang",
            "http.accept_enc", "http.connection", "http.content_len", "http.content_type", "http.location", "http.server",
            "http.referer", "http_raw_header", "http.header.raw", "http_uri", "http.uri", "http.uri.raw",
            "http_raw_uri", "http_stat_msg", "http.stat_msg", "http_stat_code", "http.stat_code", "http_user_agent",
            "http.user_agent", "http_host", "http.host", "http_raw_host", "http.host.raw", "http.request_line",
            "http.response_line", "nfs_procedure", "nfs.version", "ssh.proto", "ssh.protoversion", "ssh.software",
            "ssh.softwareversion", "ssh.hassh", "ssh.hassh.server", "ssh.hassh.string", "ssh.hassh.server.string", "ssl_version",
            "ssl_state", "byte_extract", "file.data", "pkt_data", "app-layer-event", "http2.frametype",
            "http2.errorcode", "http2.priority", "http2.window", "http2.size_update", "http2.settings", "http2.header_name",
            "http.request_header", "http.response_header", "dcerpc.iface", "dcerpc.opnum", "dcerpc.stub_data", "smb.named_pipe",
            "smb.share", "smb.ntlmssp_user", "smb.ntlmssp_domain", "asn1", "engine-event", "stream-event",
            "config", "filename", "file.name", "fileext", "filestore", "filemagic",
            "file.magic", "filemd5", "filesha1", "filesha256", "filesize", "l3_proto",
            "lua", "iprep", "dns.query", "dns.opcode", "tls.sni", "tls.certs",
            "tls.cert_issuer", "tls.cert_subject", "tls.cert_serial", "tls.cert_fingerprint", "tls.random_time", "tls.random_bytes",
            "tls.random", "ja3.hash", "ja3.string", "ja3s.hash", "ja3s.string", "modbus",
            "cip_service", "enip_command", "dnp3.data", "dnp3_func", "dnp3_ind", "dnp3_obj",
            "xbits", "base64_decode", "base64_data", "krb5_err_code", "krb5_msg_type", "krb5.cname",
            "krb5.sname", "krb5.ticket_encryption", "sip.method", "sip.uri", "sip.protocol", "sip.stat_code",
            "sip.stat_msg", "sip.request_line", "sip.response_line", "rfb.secresult", "rfb.sectype", "rfb.name",
            "template2", "ipv4.hdr", "ipv6.hdr", "icmpv6.hdr", "icmpv6.mtu", "tcp.hdr",
            "udp.hdr", "tcp.mss", "ftpdata_command", "target", "dhcp.leasetime", "dhcp.rebinding_time",
            "dhcp.renewal_time", "snmp.usm", "snmp.version", "snmp.community", "snmp.pdu_type", "mqtt.type",
            "mqtt.flags", "mqtt.qos", "mqtt.protocol_version", "mqtt.reason_code", "mqtt.connect.flags", "mqtt.connect.clientid",
            "mqtt.connect.username", "mqtt.connect.password", "mqtt.connect.willtopic", "mqtt.connect.willmessage", "mqtt.connack.session_present", "mqtt.publish.topic",
            "mqtt.publish.message", "mqtt.subscribe.topic", "mqtt.unsubscribe.topic", "quic.version", "quic.sni", "quic.ua",
            "quic.cyu.hash", "quic.cyu.string", "bypass", "prefilter", "compress_whitespace", "strip_whitespace",
            "strip_pseudo_headers", "to_md5", "to_sha1", "to_sha256", "dotprefix", "pcrexform",
            "url_decode", "xor", "header_lowercase", "to_lowercase", "to_uppercase", "ike.exchtype",
            "ike.init_spi", "ike.resp_spi", "ike.vendor", "ike.chosen_sa_attribute", "ike.key_exchange_payload_length", "ike.nonce_payload_length",
            "ike.nonce_payload", "ike.key_exchange_payload", "ja4.hash");

    /** Keywords that switch the inspected buffer (later content inspects that buffer). */
    static final Set<String> STICKY_BUFFERS = Set.of(
            "ip.src", "ip.dst", "icmpv4.hdr", "frame", "http.cookie", "http.method",
            "http.protocol", "http.start", "http.request_body", "http.response_body", "http.header", "http.header_names",
            "http.accept", "http.accept_lang", "http.accept_enc", "http.connection", "http.content_len", "http.content_type",
            "http.location", "http.server", "http.referer", "http.header.raw", "http.uri", "http.uri.raw",
            "http.stat_msg", "http.stat_code", "http.user_agent", "http.host", "http.host.raw", "http.request_line",
            "http.response_line", "ssh.proto", "ssh.software", "ssh.hassh", "ssh.hassh.server", "ssh.hassh.string",
            "ssh.hassh.server.string", "http2.header_name", "http.request_header", "http.response_header", "dcerpc.stub_data", "smb.named_pipe",
            "smb.share", "smb.ntlmssp_user", "smb.ntlmssp_domain", "file.name", "file.magic", "dns.query",
            "tls.sni", "tls.certs", "tls.cert_issuer", "tls.cert_subject", "tls.cert_serial", "tls.cert_fingerprint",
            "tls.random_time", "tls.random_bytes", "tls.random", "ja3.hash", "ja3.string", "ja3s.hash",
            "ja3s.string", "dnp3.data", "krb5.cname", "krb5.sname", "rfb.name", "ipv4.hdr",
            "ipv6.hdr", "icmpv6.hdr", "tcp.hdr", "udp.hdr", "snmp.usm", "snmp.community",
            "mqtt.subscribe.topic", "mqtt.unsubscribe.topic", "quic.version", "quic.sni", "quic.ua", "ike.init_spi",
            "ike.resp_spi", "ike.vendor", "ike.nonce_payload", "ike.key_exchange_payload", "ja4.hash", "file.data",
            "pkt_data", "base64_data", "sip.method", "sip.uri", "sip.protocol", "sip.stat_code",
            "sip.stat_msg", "sip.request_line", "sip.response_line", "mqtt.connect.clientid", "mqtt.connect.username", "mqtt.connect.password",
            "mqtt.connect.willtopic", "mqtt.connect.willmessage", "mqtt.publish.topic", "mqtt.publish.message", "quic.cyu.hash", "quic.cyu.string");

    /** Application protocols Suricata 7 detects (app-layer-protocol values, event prefixes). */
    static final Set<String> APP_PROTOCOLS = Set.of(
            "http", "http1", "http2", "ftp", "ftp-data", "smtp", "tls", "ssh", "imap", "smb", "dcerpc", "dns",
            "nfs", "ntp", "tftp", "ike", "ikev2", "krb5", "quic", "dhcp", "snmp", "sip", "rfb", "mqtt", "telnet",
            "rdp", "bittorrent-dht", "modbus", "enip", "dnp3", "pgsql", "failed");

    /** Protocols a rule header may name besides the application protocols. */
    static final Set<String> PACKET_PROTOCOLS = Set.of(
            "ip", "ipv4", "ip4", "ipv6", "ip6", "tcp", "udp", "icmp", "icmpv4", "icmpv6", "sctp", "pkthdr",
            "tcp-pkt", "tcp-stream");
}
