package dev.palisade.config;

import static dev.palisade.config.TestDocs.edited;
import static dev.palisade.config.TestDocs.list;
import static dev.palisade.config.TestDocs.q;
import static dev.palisade.config.TestDocs.remove;
import static dev.palisade.config.TestDocs.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.config.TestDocs.Op;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every documented constraint with a document that breaks it (the exact path and a reason are
 * asserted) and documents that sit just inside it. Each case edits the full valid document of
 * {@code valid-full.json}.
 */
class ValidationTest {

    private static final String LAN = "/NETWORK/LAN/";
    private static final String WAN = "/NETWORK/WAN/";
    private static final String RULE = "/NETWORK/FIREWALL/rules/0/";
    private static final String NAPT = "/NETWORK/NAPT/rules/0/";
    private static final String ROUTE = "/NETWORK/ROUTING_TABLE/routes/0/";
    private static final String IDS = "/NETWORK/IDS_PROXY/";
    private static final String CARP = "/NETWORK/CARP/";
    private static final String SYSLOG = "/SETTINGS/SYSLOG/";
    private static final String MQTTN = "/SETTINGS/MQTT_NOTIFICATION/";
    private static final String APP = "/APPLICATIONS/APPS_CONTROL/applications/0/";
    private static final String WAN_DHCP_NO_LEASE = "{\"DHCPFlag\": true, \"IP\": \"\", \"Mask\": \"\", \"DefaultGateway\": \"\"}";

    record Bad(String name, String path, String reason, Op[] ops) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Good(String name, Op[] ops) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Bad bad(String name, String path, String reason, Op... ops) {
        return new Bad(name, path, reason, ops);
    }

    static Good good(String name, Op... ops) {
        return new Good(name, ops);
    }

    static String firewallRule(int i) {
        return "{\"status\": true, \"action\": \"deny\", \"ipAddrSource\": \"" + TestDocs.address(i)
                + "\", \"protocol\": \"any\", \"zone\": \"Out\"}";
    }

    static String naptRule(int i) {
        return "{\"comment\": \"r" + i + "\", \"ipAddrInternal\": \"192.168.1.50\", \"portExternal\": " + (20000 + i)
                + ", \"portInternal\": 80, \"protocol\": \"tcp\", \"zone\": \"wan\"}";
    }

    static String listEntry(int i) {
        return "{\"ipAddrSource\": \"" + TestDocs.address(i) + "\"}";
    }

    static Stream<Bad> badDocuments() {
        return Stream.of(
                // IPv4 and masks
                bad("address with leading zero", "$.NETWORK.LAN.IP", "leading zeros", set(LAN + "IP", q("192.168.01.1"))),
                bad("address with three numbers", "$.NETWORK.LAN.IP", "four numbers", set(LAN + "IP", q("192.168.1"))),
                bad("address number above 255", "$.NETWORK.LAN.IP", "exceeds 255", set(LAN + "IP", q("192.168.1.256"))),
                bad("address with spaces", "$.NETWORK.LAN.IP", "not an IPv4 address", set(LAN + "IP", q(" 192.168.1.1"))),
                bad("address as number", "$.NETWORK.LAN.IP", "expected string", set(LAN + "IP", "3232235777")),
                bad("address null", "$.NETWORK.LAN.IP", "found null", set(LAN + "IP", "null")),
                bad("mask not contiguous", "$.NETWORK.LAN.Mask", "contiguous netmask", set(LAN + "Mask", q("255.0.255.0"))),
                bad("LAN mask too long", "$.NETWORK.LAN.Mask", "at most 30 bits", set(LAN + "Mask", q("255.255.255.254"))),
                // LAN
                bad("LAN address is network address", "$.NETWORK.LAN.IP", "network or broadcast", set(LAN + "IP", q("192.168.1.0"))),
                bad("LAN address multicast", "$.NETWORK.LAN.IP", "unicast", set(LAN + "IP", q("224.0.0.1"))),
                bad("DHCP start outside LAN", "$.NETWORK.LAN.FirstDHCPAddress", "not a host address of the LAN subnet",
                        set(LAN + "FirstDHCPAddress", q("192.168.2.100"))),
                bad("DHCP end is broadcast", "$.NETWORK.LAN.LastDHCPAddress", "not a host address",
                        set(LAN + "LastDHCPAddress", q("192.168.1.255"))),
                bad("DHCP range reversed", "$.NETWORK.LAN.LastDHCPAddress", "before it starts",
                        set(LAN + "FirstDHCPAddress", q("192.168.1.201"))),
                bad("DHCP range holds LAN address", "$.NETWORK.LAN.FirstDHCPAddress", "contains the LAN address",
                        set(LAN + "FirstDHCPAddress", q("192.168.1.1"))),
                bad("DNS server invalid", "$.NETWORK.LAN.SecondDNSServer", "four numbers", set(LAN + "SecondDNSServer", q("8.8.4"))),
                bad("DNS server missing", "$.NETWORK.LAN.FirstDNSServer", "required", set(LAN + "FirstDNSServer", q(""))),
                bad("DHCPFlag as string", "$.NETWORK.LAN.DHCPFlag", "expected boolean", set(LAN + "DHCPFlag", q("true"))),
                bad("MAC malformed", "$.NETWORK.LAN.MAC", "MAC address", set(LAN + "MAC", q("1A:2B:3C:4D:5E"))),
                // WAN
                bad("static WAN without gateway", "$.NETWORK.WAN.DefaultGateway", "required", set(WAN + "DefaultGateway", q(""))),
                bad("static WAN without address", "$.NETWORK.WAN.IP", "required", remove(WAN + "IP")),
                bad("WAN gateway outside subnet", "$.NETWORK.WAN.DefaultGateway", "not a host address of the WAN subnet",
                        set(WAN + "DefaultGateway", q("198.51.101.1"))),
                bad("WAN gateway is WAN address", "$.NETWORK.WAN.DefaultGateway", "WAN address itself",
                        set(WAN + "DefaultGateway", q("198.51.100.2"))),
                bad("LAN and WAN overlap", "$.NETWORK.WAN.IP", "overlaps the LAN subnet",
                        set(WAN + "IP", q("192.168.1.2")), set(WAN + "DefaultGateway", q("192.168.1.3"))),
                bad("DHCP lease with IP but no mask", "$.NETWORK.WAN.Mask", "together",
                        set(WAN + "DHCPFlag", "true"), set(WAN + "Mask", q(""))),
                bad("WAN DHCPFlag not boolean", "$.NETWORK.WAN.DHCPFlag", "expected boolean", set(WAN + "DHCPFlag", "1")),
                // firewall
                bad("513 firewall rules", "$.NETWORK.FIREWALL.rules", "at most 512",
                        list("/NETWORK/FIREWALL/rules", 513, ValidationTest::firewallRule)),
                bad("rule status as string", "$.NETWORK.FIREWALL.rules[0].status", "expected boolean", set(RULE + "status", q("true"))),
                bad("rule status missing", "$.NETWORK.FIREWALL.rules[0].status", "required", remove(RULE + "status")),
                bad("rule action unknown", "$.NETWORK.FIREWALL.rules[0].action", "not one of", set(RULE + "action", q("allow"))),
                bad("rule action wrong case", "$.NETWORK.FIREWALL.rules[0].action", "not one of", set(RULE + "action", q("Accept"))),
                bad("rule protocol unknown", "$.NETWORK.FIREWALL.rules[0].protocol", "not one of", set(RULE + "protocol", q("sctp"))),
                bad("rule zone lower case", "$.NETWORK.FIREWALL.rules[0].zone", "not one of", set(RULE + "zone", q("in"))),
                bad("rule zone missing", "$.NETWORK.FIREWALL.rules[0].zone", "required", remove(RULE + "zone")),
                bad("rule address invalid", "$.NETWORK.FIREWALL.rules[0].ipAddrDest", "IPv4", set(RULE + "ipAddrDest", q("localhost"))),
                bad("rule prefix too long", "$.NETWORK.FIREWALL.rules[0].ipAddrSource", "0-32",
                        set(RULE + "ipAddrSource", q("192.168.1.0/33"))),
                bad("rule prefix with host bits", "$.NETWORK.FIREWALL.rules[0].ipAddrSource", "host bits set",
                        set(RULE + "ipAddrSource", q("192.168.1.1/24"))),
                bad("rule prefix length with leading zero", "$.NETWORK.FIREWALL.rules[0].ipAddrSource", "0-32",
                        set(RULE + "ipAddrSource", q("192.168.1.0/024"))),
                bad("reserved port as string", "$.NETWORK.FIREWALL.rules[0].portDest", "reserved", set(RULE + "portDest", q("443"))),
                bad("reserved port as number", "$.NETWORK.FIREWALL.rules[0].portDest", "reserved", set(RULE + "portDest", "53")),
                bad("reserved source port", "$.NETWORK.FIREWALL.rules[0].portSource", "reserved", set(RULE + "portSource", q("13294"))),
                bad("reserved port as one-port range", "$.NETWORK.FIREWALL.rules[0].portDest", "reserved",
                        set(RULE + "portDest", q("1883-1883"))),
                bad("port above 65535", "$.NETWORK.FIREWALL.rules[0].portSource", "1-65535", set(RULE + "portSource", q("70000"))),
                bad("port zero", "$.NETWORK.FIREWALL.rules[0].portDest", "1-65535", set(RULE + "portDest", "0")),
                bad("port range reversed", "$.NETWORK.FIREWALL.rules[0].portDest", "lo <= hi", set(RULE + "portDest", q("2000-1000"))),
                bad("port text", "$.NETWORK.FIREWALL.rules[0].portDest", "not a port", set(RULE + "portDest", q("http"))),
                bad("port as boolean", "$.NETWORK.FIREWALL.rules[0].portDest", "expected a port", set(RULE + "portDest", "true")),
                bad("port with icmp", "$.NETWORK.FIREWALL.rules[0].portDest", "icmp", set(RULE + "protocol", q("icmp"))),
                bad("icmp with an unreadable port", "$.NETWORK.FIREWALL.rules[0].portDest", "not a port",
                        set(RULE + "protocol", q("icmp")), set(RULE + "portDest", q("x"))),
                bad("rule not an object", "$.NETWORK.FIREWALL.rules[1]", "expected object", set("/NETWORK/FIREWALL/rules/1", q("deny all"))),
                // NAPT
                bad("257 forwarding rules", "$.NETWORK.NAPT.rules", "at most 256",
                        list("/NETWORK/NAPT/rules", 257, ValidationTest::naptRule)),
                bad("NAPT status not boolean", "$.NETWORK.NAPT.rules[0].status", "expected boolean", set(NAPT + "status", q("off"))),
                bad("NAPT comment missing", "$.NETWORK.NAPT.rules[0].comment", "required", remove(NAPT + "comment")),
                bad("NAPT comment too long", "$.NETWORK.NAPT.rules[0].comment", "longer than 255",
                        set(NAPT + "comment", q("x".repeat(256)))),
                bad("NAPT target outside LAN", "$.NETWORK.NAPT.rules[0].ipAddrInternal", "not a host address of the LAN subnet",
                        set(NAPT + "ipAddrInternal", q("10.0.0.5"))),
                bad("NAPT target is LAN broadcast", "$.NETWORK.NAPT.rules[0].ipAddrInternal", "not a host address",
                        set(NAPT + "ipAddrInternal", q("192.168.1.255"))),
                bad("NAPT target is gateway", "$.NETWORK.NAPT.rules[0].ipAddrInternal", "own LAN address",
                        set(NAPT + "ipAddrInternal", q("192.168.1.1"))),
                bad("NAPT external port zero", "$.NETWORK.NAPT.rules[0].portExternal", "between 1 and 65535",
                        set(NAPT + "portExternal", "0")),
                bad("NAPT internal port too big", "$.NETWORK.NAPT.rules[0].portInternal", "between 1 and 65535",
                        set(NAPT + "portInternal", "65536")),
                bad("NAPT port not a number", "$.NETWORK.NAPT.rules[0].portExternal", "expected integer",
                        set(NAPT + "portExternal", q("8443/tcp"))),
                bad("NAPT port fractional", "$.NETWORK.NAPT.rules[0].portExternal", "expected integer",
                        set(NAPT + "portExternal", "8443.5")),
                bad("NAPT reserved external port", "$.NETWORK.NAPT.rules[0].portExternal", "reserved",
                        set(NAPT + "portExternal", "443")),
                bad("NAPT protocol any", "$.NETWORK.NAPT.rules[0].protocol", "not one of", set(NAPT + "protocol", q("any"))),
                bad("NAPT zone lan", "$.NETWORK.NAPT.rules[0].zone", "not one of", set(NAPT + "zone", q("lan"))),
                bad("NAPT duplicate external port", "$.NETWORK.NAPT.rules[1].portExternal", "rules[0] already forwards",
                        set("/NETWORK/NAPT/rules/-", "{\"comment\": \"dup\", \"ipAddrInternal\": \"192.168.1.51\", "
                                + "\"portExternal\": \"8443\", \"portInternal\": 443, \"protocol\": \"tcp\", \"zone\": \"wan\"}")),
                bad("NAPT on diode", "$.NETWORK.NAPT.rules", "router", set("/MODE_SWITCH/router_mode", "false")),
                // routes
                bad("route action unknown", "$.NETWORK.ROUTING_TABLE.routes[0].action", "not one of", set(ROUTE + "action", q("remove"))),
                bad("route address missing", "$.NETWORK.ROUTING_TABLE.routes[0].ipaddr", "required", remove(ROUTE + "ipaddr")),
                bad("route gateway missing", "$.NETWORK.ROUTING_TABLE.routes[0].gateway", "required", set(ROUTE + "gateway", q(""))),
                bad("route mask not contiguous", "$.NETWORK.ROUTING_TABLE.routes[0].mask", "contiguous",
                        set(ROUTE + "mask", q("255.0.255.0"))),
                bad("route host bits", "$.NETWORK.ROUTING_TABLE.routes[0].ipaddr", "outside the mask",
                        set(ROUTE + "ipaddr", q("10.10.1.0"))),
                bad("default route besides WAN gateway", "$.NETWORK.ROUTING_TABLE.routes[0].ipaddr", "second default route",
                        set(ROUTE + "ipaddr", q("0.0.0.0")), set(ROUTE + "mask", q("0.0.0.0"))),
                bad("two default routes", "$.NETWORK.ROUTING_TABLE.routes[1].ipaddr", "routes[0] is the first",
                        set("/NETWORK/WAN", WAN_DHCP_NO_LEASE),
                        set(ROUTE + "ipaddr", q("0.0.0.0")), set(ROUTE + "mask", q("0.0.0.0")),
                        set("/NETWORK/ROUTING_TABLE/routes/-", "{\"action\": \"add\", \"ipaddr\": \"0.0.0.0\", "
                                + "\"mask\": \"0.0.0.0\", \"gateway\": \"192.168.1.253\"}")),
                bad("loopback destination", "$.NETWORK.ROUTING_TABLE.routes[0].ipaddr", "127.0.0.0/8",
                        set(ROUTE + "ipaddr", q("127.0.0.0")), set(ROUTE + "mask", q("255.0.0.0"))),
                bad("gateway unreachable", "$.NETWORK.ROUTING_TABLE.routes[0].gateway", "not reachable",
                        set(ROUTE + "gateway", q("172.16.0.1"))),
                bad("gateway is LAN address", "$.NETWORK.ROUTING_TABLE.routes[0].gateway", "own address",
                        set(ROUTE + "gateway", q("192.168.1.1"))),
                bad("gateway is WAN address", "$.NETWORK.ROUTING_TABLE.routes[0].gateway", "own address",
                        set(ROUTE + "gateway", q("198.51.100.2"))),
                bad("gateway via WAN without lease", "$.NETWORK.ROUTING_TABLE.routes[0].gateway", "WAN has no address",
                        set("/NETWORK/WAN", WAN_DHCP_NO_LEASE), set(ROUTE + "gateway", q("198.51.100.7"))),
                bad("duplicate destination", "$.NETWORK.ROUTING_TABLE.routes[1].ipaddr", "routes[0] already routes",
                        set("/NETWORK/ROUTING_TABLE/routes/-", "{\"action\": \"add\", \"ipaddr\": \"10.10.0.0\", "
                                + "\"mask\": \"255.255.0.0\", \"gateway\": \"192.168.1.253\"}")),
                bad("route state unknown", "$.NETWORK.ROUTING_TABLE.routes[0].state", "not one of", set(ROUTE + "state", q("up"))),
                // IDS_PROXY
                bad("1001 denylist entries", "$.NETWORK.IDS_PROXY.blockedList", "at most 1000",
                        list(IDS + "blockedList", 1001, ValidationTest::listEntry)),
                bad("1001 allowlist entries", "$.NETWORK.IDS_PROXY.allowList", "at most 1000",
                        list(IDS + "allowList", 1001, ValidationTest::listEntry)),
                bad("allowlist starts with 0", "$.NETWORK.IDS_PROXY.allowList[0].ipAddrSource", "starts with 0",
                        set(IDS + "allowList/0/ipAddrSource", q("0.1.2.3"))),
                bad("allowlist broadcast", "$.NETWORK.IDS_PROXY.allowList[0].ipAddrSource", "255.255.255.255",
                        set(IDS + "allowList/0/ipAddrSource", q("255.255.255.255"))),
                bad("allowlist blank", "$.NETWORK.IDS_PROXY.allowList[0].ipAddrSource", "required",
                        set(IDS + "allowList/0/ipAddrSource", q(""))),
                bad("allowlist entry missing", "$.NETWORK.IDS_PROXY.allowList[0].ipAddrSource", "required",
                        set(IDS + "allowList/0", "{}")),
                bad("allowlist leading zero", "$.NETWORK.IDS_PROXY.allowList[0].ipAddrSource", "leading zeros",
                        set(IDS + "allowList/0/ipAddrSource", q("010.1.2.3"))),
                bad("allowlist number above 255", "$.NETWORK.IDS_PROXY.allowList[0].ipAddrSource", "exceeds 255",
                        set(IDS + "allowList/0/ipAddrSource", q("10.1.2.300"))),
                bad("denylist starts with 0", "$.NETWORK.IDS_PROXY.blockedList[0].ipAddrSource", "starts with 0",
                        set(IDS + "blockedList/0/ipAddrSource", q("0.0.0.1"))),
                bad("denylist timestamp negative", "$.NETWORK.IDS_PROXY.blockedList[0].timestamp", "between",
                        set(IDS + "blockedList/0/timestamp", "-1")),
                bad("IPSPFlag as string", "$.NETWORK.IDS_PROXY.IPSPFlag", "expected boolean", set(IDS + "IPSPFlag", q("on"))),
                bad("blockedList not an array", "$.NETWORK.IDS_PROXY.blockedList", "expected array", set(IDS + "blockedList", "{}")),
                // APP_PROTO
                bad("unknown filtered protocol", "$.NETWORK.APP_PROTO.filtered_protos.dnp3", "unknown protocol",
                        set("/NETWORK/APP_PROTO/filtered_protos/dnp3", "true")),
                bad("filtered protocol not boolean", "$.NETWORK.APP_PROTO.filtered_protos.modbus", "expected boolean",
                        set("/NETWORK/APP_PROTO/filtered_protos/modbus", q("yes"))),
                // NAT, CARP, MODE_SWITCH
                bad("masquerading not boolean", "$.NETWORK.NAT.masquerading", "expected boolean", set("/NETWORK/NAT/masquerading", "1")),
                bad("advskew above 254", "$.NETWORK.CARP.advskew", "between 0 and 254", set(CARP + "advskew", "255")),
                bad("advskew negative", "$.NETWORK.CARP.advskew", "between 0 and 254", set(CARP + "advskew", "-1")),
                bad("cluster ip invalid", "$.NETWORK.CARP.ip", "four numbers", set(CARP + "ip", q("192.168.1"))),
                bad("cluster mask invalid", "$.NETWORK.CARP.mask", "contiguous", set(CARP + "mask", q("255.255.0.255"))),
                bad("cluster enabled without ip", "$.NETWORK.CARP.ip", "required",
                        set(CARP + "enabled", "true"), set(CARP + "ip", q(""))),
                bad("cluster enabled without id", "$.NETWORK.CARP.clusterId", "required",
                        set(CARP + "enabled", "true"), set(CARP + "clusterId", q(""))),
                bad("cluster ip outside LAN", "$.NETWORK.CARP.ip", "LAN subnet",
                        set(CARP + "enabled", "true"), set(CARP + "ip", q("10.0.0.250"))),
                bad("cluster ip in DHCP range", "$.NETWORK.CARP.ip", "DHCP range",
                        set(CARP + "enabled", "true"), set(CARP + "ip", q("192.168.1.150"))),
                bad("router_mode not boolean", "$.MODE_SWITCH.router_mode", "expected boolean", set("/MODE_SWITCH/router_mode", q("true"))),
                bad("NETWORK not an object", "$.NETWORK", "expected object", set("/NETWORK", "[]")),
                bad("LAN not an object", "$.NETWORK.LAN", "expected object", set("/NETWORK/LAN", q("192.168.1.1"))),
                // SETTINGS
                bad("syslog mode unknown", "$.SETTINGS.SYSLOG.mode", "not one of", set(SYSLOG + "mode", q("tcp/tls"))),
                bad("syslog port zero", "$.SETTINGS.SYSLOG.port", "between 1 and 65535", set(SYSLOG + "port", "0")),
                bad("syslog port in host invalid", "$.SETTINGS.SYSLOG.host", "port 1-65535", set(SYSLOG + "host", q("192.168.1.10:99999"))),
                bad("syslog ports disagree", "$.SETTINGS.SYSLOG.host", "differs", set(SYSLOG + "host", q("192.168.1.10:515"))),
                bad("syslog host not an address", "$.SETTINGS.SYSLOG.host", "IPv4", set(SYSLOG + "host", q("logs.example.com:514"))),
                bad("syslog enabled without host", "$.SETTINGS.SYSLOG.host", "required", set(SYSLOG + "host", q(""))),
                bad("syslog tls without certificate", "$.SETTINGS.SYSLOG.certificate", "required when mode is tls",
                        set(SYSLOG + "mode", q("tls"))),
                bad("syslog enable not boolean", "$.SETTINGS.SYSLOG.enable", "expected boolean", set(SYSLOG + "enable", q("yes"))),
                bad("MQTT notification without server", "$.SETTINGS.MQTT_NOTIFICATION.server_address", "required",
                        set(MQTTN + "server_address", q(""))),
                bad("MQTT notification port", "$.SETTINGS.MQTT_NOTIFICATION.server_port", "between 1 and 65535",
                        set(MQTTN + "server_port", "70000")),
                bad("MQTT notification login missing", "$.SETTINGS.MQTT_NOTIFICATION.login", "required when auth_enabled",
                        set(MQTTN + "login", q(""))),
                bad("MQTT notification certificates missing", "$.SETTINGS.MQTT_NOTIFICATION.certificate_root",
                        "required when certs_enabled", set(MQTTN + "certs_enabled", "true")),
                bad("MQTT notification wildcard topic", "$.SETTINGS.MQTT_NOTIFICATION.event_topic", "wildcards",
                        set(MQTTN + "event_topic", q("plant/#"))),
                bad("MQTT notification topic missing", "$.SETTINGS.MQTT_NOTIFICATION.event_topic", "required",
                        set(MQTTN + "event_topic", q(""))),
                bad("KSC heartbeat zero", "$.SETTINGS.KSC.heartbeat", "between 1", set("/SETTINGS/KSC/heartbeat", "0")),
                bad("KSC command unknown", "$.SETTINGS.KSC.command", "reboot", set("/SETTINGS/KSC/command", q("shutdown"))),
                bad("device name not a string", "$.SETTINGS.DEVICE.device_name", "expected string",
                        set("/SETTINGS/DEVICE/device_name", "7")),
                bad("date format", "$.SETTINGS.TIME.date", "YYYY/MM/DD", set("/SETTINGS/TIME", "{\"date\": \"2023-12-31\"}")),
                bad("time out of range", "$.SETTINGS.TIME.time", "HH:MM:SS", set("/SETTINGS/TIME", "{\"time\": \"24:00:00\"}")),
                bad("update flag not boolean", "$.SETTINGS.UPDATE.firmware_update_start", "expected boolean",
                        set("/SETTINGS/UPDATE/firmware_update_start", q("false"))),
                bad("modem DNS invalid", "$.SETTINGS.MODEM.primary_dns", "four numbers",
                        set("/SETTINGS/MODEM", "{\"is_enable\": false, \"primary_dns\": \"8.8\", \"profileList\": []}")),
                bad("certificate not a string", "$.SETTINGS.AUTH_CERTS.certificate_admin", "expected string",
                        set("/SETTINGS/AUTH_CERTS", "{\"certificate_admin\": 1}")),
                // MQTT broker profiles
                bad("broker profile status", "$.MQTT.LIST.profileList[0].status", "not one of",
                        set("/MQTT/LIST/profileList/0/status", q("on"))),
                bad("two active broker profiles", "$.MQTT.LIST.profileList[1].status", "only one",
                        set("/MQTT/LIST/profileList/-", "{\"name\": \"b\", \"predefined\": false, \"status\": \"active\", "
                                + "\"modified\": \"x\", \"fileList\": []}")),
                bad("broker profile file not base64", "$.MQTT.LIST.profileList[0].fileList[0].fileContent", "Base64",
                        set("/MQTT/LIST/profileList/0/fileList/0/fileContent", q("%%%"))),
                // APPLICATIONS
                bad("application without package_id", "$.APPLICATIONS.APPS_CONTROL.applications[0].package_id", "required",
                        remove(APP + "package_id")),
                bad("application without execute", "$.APPLICATIONS.APPS_CONTROL.applications[0].execute", "required",
                        remove(APP + "execute")),
                bad("application logLevel 6", "$.APPLICATIONS.APPS_CONTROL.applications[0].logLevel", "between 0 and 5",
                        set(APP + "logLevel", "6")),
                bad("application state 2", "$.APPLICATIONS.APPS_CONTROL.applications[0].state", "not a state",
                        set(APP + "state", "2")),
                bad("application launchRule", "$.APPLICATIONS.APPS_CONTROL.applications[0].launchRule", "not one of",
                        set(APP + "launchRule", q("always"))),
                bad("application listed twice", "$.APPLICATIONS.APPS_CONTROL.applications[1].package_id", "already listed",
                        set("/APPLICATIONS/APPS_CONTROL/applications/-", "{\"package_id\": \"palisade.netprotector\", \"execute\": false}")),
                bad("application route without active", "$.APPLICATIONS.APPS_ROUTING.routes[0].active", "required",
                        remove("/APPLICATIONS/APPS_ROUTING/routes/0/active")),
                bad("marketplace entry without package_id", "$.MARKETPLACE.apps_requested[0].package_id", "required",
                        set("/MARKETPLACE", "{\"apps_requested\": [{\"requested_state\": \"install\"}]}")),
                // the IPS's own object
                bad("rules not base64", "$['palisade.netprotector'].APP_CONFIGURATION.industrial_commands_rules", "Base64",
                        set("/palisade.netprotector/APP_CONFIGURATION/industrial_commands_rules", q("not base64!"))),
                bad("rules not text", "$['palisade.netprotector'].APP_CONFIGURATION.industrial_anomaly_rules", "UTF-8",
                        set("/palisade.netprotector/APP_CONFIGURATION/industrial_anomaly_rules", q("//79"))),
                bad("APP_CONFIGURATION not an object", "$['palisade.netprotector'].APP_CONFIGURATION", "expected object",
                        set("/palisade.netprotector/APP_CONFIGURATION", q("rules"))),
                bad("ABOUT text not a string", "$.ABOUT.text", "expected string", set("/ABOUT/text", "3")));
    }

    static Stream<Good> goodDocuments() {
        return Stream.of(
                good("the full document as is"),
                good("DHCP off ignores the range", set(LAN + "DHCPFlag", "false"), set(LAN + "FirstDHCPAddress", q("10.0.0.1"))),
                good("LAN /30", set(LAN + "Mask", q("255.255.255.252")), set(LAN + "FirstDHCPAddress", q("192.168.1.2")),
                        set(LAN + "LastDHCPAddress", q("192.168.1.2")), set(CARP + "ip", q("")), set(CARP + "mask", q("")),
                        remove("/NETWORK/NAPT/rules/0"), set(ROUTE + "gateway", q("198.51.100.9")),
                        set(IDS + "allowList/0/ipAddrSource", q("192.168.1.2"))),
                good("MAC absent", remove(LAN + "MAC")),
                good("WAN by DHCP without lease", set("/NETWORK/WAN", WAN_DHCP_NO_LEASE)),
                good("WAN by DHCP with lease", set(WAN + "DHCPFlag", "true")),
                good("WAN /31", set(WAN + "Mask", q("255.255.255.254")), set(WAN + "IP", q("198.51.100.0")),
                        set(WAN + "DefaultGateway", q("198.51.100.1"))),
                good("512 firewall rules", list("/NETWORK/FIREWALL/rules", 512, ValidationTest::firewallRule)),
                good("no firewall rules", list("/NETWORK/FIREWALL/rules", 0, ValidationTest::firewallRule)),
                good("rule fields absent mean any", set("/NETWORK/FIREWALL/rules/0",
                        "{\"status\": false, \"action\": \"accept\", \"protocol\": \"udp\", \"zone\": \"Out\"}")),
                good("rule any spelled out", set(RULE + "ipAddrDest", q("any")), set(RULE + "portSource", q("any"))),
                good("rule prefix", set(RULE + "ipAddrDest", q("10.0.0.0/8"))),
                good("rule /0 prefix", set(RULE + "ipAddrDest", q("0.0.0.0/0"))),
                good("port as number", set(RULE + "portDest", "8080")),
                good("port range holding a reserved port", set(RULE + "portDest", q("1-1000"))),
                good("port 65535", set(RULE + "portDest", q("65535"))),
                good("icmp without ports", set(RULE + "protocol", q("icmp")), set(RULE + "portDest", q(""))),
                good("256 forwarding rules", list("/NETWORK/NAPT/rules", 256, ValidationTest::naptRule)),
                good("NAPT ports as strings", set(NAPT + "portExternal", q("8080")), set(NAPT + "portInternal", q("80"))),
                good("NAPT same port other protocol", set("/NETWORK/NAPT/rules/-", "{\"comment\": \"\", \"ipAddrInternal\": "
                        + "\"192.168.1.51\", \"portExternal\": 8443, \"portInternal\": 443, \"protocol\": \"udp\", \"zone\": \"wan\"}")),
                good("NAPT disabled rule on the port of another", set(NAPT + "status", "false"),
                        set("/NETWORK/NAPT/rules/-", naptRule(0))),
                good("NAPT comment of 255 characters", set(NAPT + "comment", q("é".repeat(255)))),
                good("diode without forwarding", set("/MODE_SWITCH/router_mode", "false"), list("/NETWORK/NAPT/rules", 0, ValidationTest::naptRule)),
                good("route via WAN", set(ROUTE + "gateway", q("198.51.100.7"))),
                good("default route when the WAN has no gateway", set("/NETWORK/WAN", WAN_DHCP_NO_LEASE),
                        set(ROUTE + "ipaddr", q("0.0.0.0")), set(ROUTE + "mask", q("0.0.0.0"))),
                good("host route", set(ROUTE + "ipaddr", q("10.10.1.7")), set(ROUTE + "mask", q("255.255.255.255"))),
                good("informational route", set("/NETWORK/ROUTING_TABLE/routes/0", "{\"action\": \"no action\", \"type\": \"dynamic\"}")),
                good("route to delete is not checked for reachability", set(ROUTE + "action", q("delete")),
                        set(ROUTE + "gateway", q("172.16.0.1"))),
                good("1000 denylist entries", list(IDS + "blockedList", 1000, ValidationTest::listEntry)),
                good("1000 allowlist entries", list(IDS + "allowList", 1000, ValidationTest::listEntry)),
                good("denylist entry without timestamp", set(IDS + "blockedList/0", "{\"ipAddrSource\": \"203.0.113.9\"}")),
                good("advskew 254", set(CARP + "advskew", "254")),
                good("cluster enabled", set(CARP + "enabled", "true"), set(CARP + "clusterId", q("plant-7"))),
                good("cluster disabled without addresses", set(CARP + "ip", q("")), set(CARP + "mask", q(""))),
                good("syslog over tls", set(SYSLOG + "mode", q("tls")), set(SYSLOG + "certificate", q("-----BEGIN CERTIFICATE-----"))),
                good("syslog tcp+udp", set(SYSLOG + "mode", q("tcp+udp"))),
                good("syslog host without port", set(SYSLOG + "host", q("192.168.1.10")), set(SYSLOG + "port", "1514")),
                good("syslog disabled without host", set(SYSLOG + "enable", "false"), set(SYSLOG + "host", q(""))),
                good("MQTT notifications off with blanks", set(MQTTN + "notifications_enabled", "false"),
                        set(MQTTN + "server_address", q("")), set(MQTTN + "login", q(""))),
                good("valid time", set("/SETTINGS/TIME", "{\"date\": \"2024/02/29\", \"time\": \"23:59:59\"}")),
                good("application with the fewest keys", set("/APPLICATIONS/APPS_CONTROL/applications/-",
                        "{\"package_id\": \"vendor.extra\", \"execute\": false}")),
                good("marketplace strings", set("/MARKETPLACE", "{\"apps_requested\": [\"vendor.extra\"]}")),
                good("rules with whitespace and one list off", set("/palisade.netprotector/APP_CONFIGURATION",
                        "{\"industrial_commands_rules\": \" YWxl\\ncnQ= \", \"industrial_anomaly_rules\": \"\"}")),
                good("numbers as strings", set(CARP + "advskew", q("12")), set("/SETTINGS/KSC/heartbeat", q("30"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void refusesDocumentBreakingAConstraint(Bad bad) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(edited(bad.ops())));
        assertThat(e).as("%s must be refused", bad.name()).isNotNull();
        assertThat(e.errors())
                .as("errors of %s", bad.name())
                .anySatisfy(error -> {
                    assertThat(error.path()).isEqualTo(bad.path());
                    assertThat(error.reason()).contains(bad.reason());
                });
        assertThat(e.getMessage().lines()).hasSize(e.errors().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodDocuments")
    void acceptsDocumentWithinTheConstraints(Good good) {
        assertThatCode(() -> ConfigDocument.parse(edited(good.ops()))).as(good.name()).doesNotThrowAnyException();
    }

    @Test
    void reportsEveryErrorNotOnlyTheFirst() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(edited(
                set(LAN + "IP", q("1.2.3")),
                set(RULE + "portDest", q("443")),
                set(NAPT + "comment", q("x".repeat(300))),
                set("/SETTINGS/SYSLOG/mode", q("x")))));
        assertThat(e.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "$.NETWORK.LAN.IP",
                "$.NETWORK.FIREWALL.rules[0].portDest",
                "$.NETWORK.NAPT.rules[0].comment",
                "$.SETTINGS.SYSLOG.mode");
        assertThat(e.getMessage()).contains("$.NETWORK.LAN.IP: ").contains("\n$.");
    }

    @Test
    void aDisabledForwardingRuleStaysInTheDocumentButNotInTheModel() throws ConfigException {
        ConfigDocument on = ConfigDocument.parse(edited(set(NAPT + "status", "true")));
        ConfigDocument off = ConfigDocument.parse(edited(set(NAPT + "status", "false")));
        assertThat(on.config().network().portForwards()).hasSize(off.config().network().portForwards().size() + 1);
        assertThat(off.toJson()).contains("\"status\": false");
        assertThat(off.warnings()).extracting(ConfigError::path).doesNotContain("$.NETWORK.NAPT.rules[0].status");
    }

    @Test
    void capsTheNumberOfErrorsListed() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigDocument.parse(edited(
                list("/NETWORK/FIREWALL/rules", 512, i -> "{\"status\": 1, \"action\": 2, \"protocol\": 3, \"zone\": 4}"))));
        assertThat(e.errors()).hasSize(Problems.MAX_ERRORS + 1);
        assertThat(e.errors().getLast().reason()).contains("more errors not listed");
    }

    @Test
    void badCasesAreDistinct() {
        assertThat(badDocuments().map(Bad::name)).doesNotHaveDuplicates();
        assertThat(goodDocuments().map(Good::name)).doesNotHaveDuplicates();
    }
}
