package dev.palisade.management.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ping tool's input: host names and IP addresses only; nothing that could be an option or reach a shell. */
class PingTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "8.8.8.8", "255.255.255.255", "0.0.0.0", "::1", "fe80::1", "2001:db8::ff00:42:8329",
            "::ffff:192.0.2.1", "localhost", "gateway.example", "a-b.c0.example.", "xn--80ak6aa92e.xn--p1ai", "A.B.C"})
    void accepts(String host) {
        PingTarget.Result r = PingTarget.parse(host);
        assertThat(r.accepted()).as(r.problem()).isTrue();
        assertThat(r.target().orElseThrow().host()).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "127.0.0.1;id", "127.0.0.1 -f", "-f", "-c1", "--help", "a b", "$(id)", "`id`", "a|b", "a&b", "a>b",
            "127.0.0.1\n", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "host-.example", "-host.example", "a..b", ".",
            "1.2.3.4:80", ":::", "1::2::3", "gggg::1", "fe80::1%eth0", "h\u00e9llo.example", "example.123", "a/b", "a\\b", "*", "a_b"})
    void refuses(String host) {
        PingTarget.Result r = PingTarget.parse(host);
        assertThat(r.accepted()).as(host).isFalse();
        assertThat(r.problem()).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void refusesTooLongNamesAndLabels() {
        assertThat(PingTarget.parse("a".repeat(64) + ".example").accepted()).isFalse();
        assertThat(PingTarget.parse("a".repeat(63) + ".example").accepted()).isTrue();
        assertThat(PingTarget.parse(("a".repeat(60) + ".").repeat(5)).accepted()).isFalse();
        assertThat(PingTarget.parse(null).accepted()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theTargetIsTheLastArgumentAfterFixedOptions() {
        PingTarget target = PingTarget.parse("gateway.example").target().orElseThrow();
        assertThat(PingTool.command(Path.of("/usr/bin/ping"), target))
                .containsExactly("/usr/bin/ping", "-n", "-c", "4", "-W", "2", "-w", "10", "gateway.example");
    }
}
