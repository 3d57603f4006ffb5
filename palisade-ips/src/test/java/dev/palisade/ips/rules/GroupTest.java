package dev.palisade.ips.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Address and port groups: every form, negation inside and outside lists, nesting, variables. */
class GroupTest {

    static final RuleVariables VARS = RuleVariables.defaults();

    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "any|1.2.3.4|true",
        "10.0.0.1|10.0.0.1|true",
        "10.0.0.1|10.0.0.2|false",
        "10.0.0.0/8|10.255.255.255|true",
        "10.0.0.0/8|11.0.0.0|false",
        "10.1.2.3/8|10.9.9.9|true",
        "0.0.0.0/0|255.255.255.255|true",
        "192.168.1.0/255.255.255.0|192.168.1.77|true",
        "192.168.1.0/255.255.255.0|192.168.2.1|false",
        "10.0.0.5-10.0.0.9|10.0.0.9|true",
        "10.0.0.5-10.0.0.9|10.0.0.10|false",
        "!10.0.0.1|10.0.0.1|false",
        "!10.0.0.1|10.0.0.2|true",
        "[10.0.0.1,10.0.0.2]|10.0.0.2|true",
        "[10.0.0.0/24,!10.0.0.5]|10.0.0.5|false",
        "[10.0.0.0/24,!10.0.0.5]|10.0.0.6|true",
        "[10.0.0.0/24,!10.0.0.5]|10.0.1.6|false",
        "[!10.0.0.5]|8.8.8.8|true",
        "[!10.0.0.5]|10.0.0.5|false",
        "![10.0.0.0/24,!10.0.0.5]|10.0.0.5|true",
        "![10.0.0.0/24,!10.0.0.5]|10.0.0.4|false",
        "[10.0.0.0/8,![10.1.0.0/16,!10.1.2.3]]|10.1.2.3|true",
        "[10.0.0.0/8,![10.1.0.0/16,!10.1.2.3]]|10.1.2.4|false",
        "[10.0.0.0/8,![10.1.0.0/16,!10.1.2.3]]|10.2.0.0|true",
        "[ 10.0.0.1 , 10.0.0.2 ]|10.0.0.2|true",
        "$HOME_NET|172.16.5.5|true",
        "$HOME_NET|8.8.8.8|false",
        "$EXTERNAL_NET|8.8.8.8|true",
        "$EXTERNAL_NET|192.168.0.1|false",
        "!$EXTERNAL_NET|192.168.0.1|true",
        "[$HOME_NET,!192.168.1.1]|192.168.1.1|false",
        "[$EXTERNAL_NET,10.0.0.1]|10.0.0.1|true",
        "$AIM_SERVERS|8.8.4.4|true",
        "!!10.0.0.1|10.0.0.1|true"})
    void addressGroups(String group, String address, boolean contained) {
        assertThat(AddressGroup.parse(group, VARS).contains(ip(address))).isEqualTo(contained);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "10.0.0|is not an address",
        "10.0.0.256|256 > 255",
        "10.0.0.0/33|prefix length /33 is larger than 32",
        "10.0.0.0/x|is not a prefix length",
        "10.0.0.0/255.0.255.0|netmask 255.0.255.0 is not contiguous",
        "10.0.0.9-10.0.0.1|runs backwards",
        "[10.0.0.1|'[' is never closed",
        "[10.0.0.1,]|empty element",
        "[]|empty element",
        "10.0.0.1]|unexpected ']'",
        "!|missing address after '!'",
        "$NOPE|address variable $NOPE is not defined",
        "$MODBUS_PORTS|$MODBUS_PORTS is a port variable, used here as address",
        "1:2:3:4:5:6:7:8:9|is not an IPv6 address",
        "1::2::3|'::' used twice",
        "fe80::/129|is not an IPv6 prefix length",
        "gggg::1|is not an IPv6 address"})
    void badAddressGroups(String group, String reason) {
        assertThatThrownBy(() -> AddressGroup.parse(group, VARS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void ipv6LiteralsParseButMatchNothing() {
        AddressGroup g = AddressGroup.parse("[::1,2001:db8::/32,::ffff:10.0.0.1,fe80:0:0:0:0:0:0:1]", VARS);
        assertThat(g.namesIpv6()).isTrue();
        assertThat(g.isEmpty()).isTrue();
        assertThat(AddressGroup.parse("!2001:db8::1", VARS).isAny()).isTrue();
    }

    @Test
    void rangesAreNormalised() {
        AddressGroup g = AddressGroup.parse("[10.0.0.0/25,10.0.0.128/25,10.0.1.0]", VARS);
        assertThat(g.ranges()).containsExactly(ip("10.0.0.0") & 0xFFFFFFFFL, ip("10.0.1.0") & 0xFFFFFFFFL);
        assertThat(AddressGroup.parse("any", VARS).isAny()).isTrue();
        assertThat(AddressGroup.parse("[0.0.0.0/1,128.0.0.0/1]", VARS).isAny()).isTrue();
        assertThat(AddressGroup.parse("[!10.0.0.1]", VARS).isAny()).isFalse();
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "any|0|true", "any|65535|true",
        "502|502|true", "502|503|false",
        "1:1024|1024|true", "1:1024|1025|false", "1:1024|0|false",
        "1024:|65535|true", "1024:|1023|false",
        ":1024|0|true", ":1024|1025|false",
        "!80|80|false", "!80|81|true",
        "[80,443]|443|true", "[80,443]|444|false",
        "[1:,!80]|80|false", "[1:,!80]|0|false", "[1:,!80]|81|true",
        "[!80]|8080|true",
        "![80:90,!85]|85|true", "![80:90,!85]|86|false",
        "[[80,81],[82,[83]]]|83|true",
        "$MODBUS_PORTS|502|true", "$SHELLCODE_PORTS|80|false", "$FILE_DATA_PORTS|143|true", "$FILE_DATA_PORTS|144|false"})
    void portGroups(String group, int port, boolean contained) {
        assertThat(PortGroup.parse(group, VARS).contains(port)).isEqualTo(contained);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "70000|port 70000 is out of range",
        "10:5|runs backwards (write 5:10)",
        ":|needs a bound",
        "http|is not a port",
        "-1|is not a port",
        "[80,|'[' is never closed",
        "$HOME_NET|$HOME_NET is an address variable, used here as port",
        "$NOPE|port variable $NOPE is not defined"})
    void badPortGroups(String group, String reason) {
        assertThatThrownBy(() -> PortGroup.parse(group, VARS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void singlePortIsKnownForBucketing() {
        assertThat(PortGroup.parse("502", VARS).singlePort()).isEqualTo(502);
        assertThat(PortGroup.parse("[502,502]", VARS).singlePort()).isEqualTo(502);
        assertThat(PortGroup.parse("[502,503]", VARS).singlePort()).isEqualTo(-1);
        assertThat(PortGroup.parse("[502,503]", VARS).ranges()).containsExactly(502, 503);
        assertThat(PortGroup.parse("any", VARS).singlePort()).isEqualTo(-1);
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "[".repeat(40) + "80" + "]".repeat(40);
        assertThatThrownBy(() -> PortGroup.parse(deep, VARS)).hasMessageContaining("nested deeper than 32");
        String deep2 = "[".repeat(30) + "80" + "]".repeat(30);
        assertThat(PortGroup.parse(deep2, VARS).singlePort()).isEqualTo(80);
    }

    @Test
    void emptyGroupsInARuleAreErrors() {
        RuleSet rs = RuleParserTest.parse("alert tcp any [80,!80] -> any any (sid:1;)");
        assertThat(rs.errors()).singleElement().satisfies(d -> {
            assertThat(d.reason()).contains("holds no port");
            assertThat(d.column()).isEqualTo(15);
        });
        assertThat(RuleParserTest.parse("alert tcp !any any -> any any (sid:1;)").errors().get(0).reason())
                .contains("holds no address");
    }
}
