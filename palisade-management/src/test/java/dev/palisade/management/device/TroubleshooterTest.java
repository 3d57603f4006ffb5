package dev.palisade.management.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel tables the troubleshooting report reads, from fixed lines in proc(5)'s formats. */
class TroubleshooterTest {

    @TempDir
    Path root;

    @Test
    void readsIpv4RoutesInHostByteOrder() {
        // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT; little-endian hex on x86 and ARM
        TroubleshootingReport.Route def = Troubleshooter.ipv4Route("eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0");
        TroubleshootingReport.Route lan = Troubleshooter.ipv4Route("eth1\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
        TroubleshootingReport.Route dynamic = Troubleshooter.ipv4Route("eth0\t0002000A\t0101A8C0\t0013\t0\t0\t0\tFFFFFFFF\t0\t0\t0");
        TroubleshootingReport.Route reject = Troubleshooter.ipv4Route("eth0\t0003000A\t00000000\t0201\t0\t0\t0\t00FFFFFF\t0\t0\t0");
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            assertThat(def).isEqualTo(new TroubleshootingReport.Route("ipv4", "0.0.0.0", 0, "0.0.0.0", "192.168.1.1", "eth0", 100, "active",
                    "static"));
            assertThat(lan.destination()).isEqualTo("192.168.1.0");
            assertThat(lan.prefixLength()).isEqualTo(24);
            assertThat(lan.netmask()).isEqualTo("255.255.255.0");
            assertThat(lan.gateway()).isEmpty();
            assertThat(dynamic.type()).isEqualTo("dynamic");
            assertThat(reject.status()).isEqualTo("error");
        }
        assertThat(Troubleshooter.ipv4Route("Iface\tDestination\tGateway")).isNull();
        assertThat(Troubleshooter.ipv4Route("eth0\tzz\t00\t1\t0\t0\t0\t00")).isNull();
    }

    @Test
    void readsIpv6Routes() {
        TroubleshootingReport.Route r = Troubleshooter.ipv6Route("20010db8000000000000000000000000 20 00000000000000000000000000000000 00 "
                + "fe800000000000000000000000000001 00000100 00000001 00000000 00000001 eth0");
        assertThat(r.destination()).isEqualTo("2001:db8:0:0:0:0:0:0");
        assertThat(r.prefixLength()).isEqualTo(32);
        assertThat(r.gateway()).isEqualTo("fe80:0:0:0:0:0:0:1");
        assertThat(r.metric()).isEqualTo(256);
        assertThat(r.iface()).isEqualTo("eth0");
        assertThat(r.status()).isEqualTo("active");
        assertThat(Troubleshooter.ipv6Route("short line")).isNull();
    }

    @Test
    void readsAProcessWhoseNameHoldsSpacesAndParentheses() {
        String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 7 0 1000 104857600 2560 "
                + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";
        TroubleshootingReport.ProcessEntry p = Troubleshooter.process(4242, stat, 110.0);
        assertThat(p.name()).isEqualTo("my (odd) name");
        assertThat(p.state()).isEqualTo("S");
        assertThat(p.priority()).isEqualTo(20);
        assertThat(p.nice()).isZero();
        assertThat(p.threads()).isEqualTo(7);
        assertThat(p.virtualKiB()).isEqualTo(102400);
        assertThat(p.residentKiB()).isEqualTo(10240);
        assertThat(p.runningSeconds()).isEqualTo(100);
        assertThat(p.cpuPercent()).isEqualTo(3.0);
        assertThat(Troubleshooter.process(1, "garbage", 1)).isNull();
    }

    @Test
    void readsMemoryAndComponentsFromAFixtureRoot() throws Exception {
        Files.createDirectories(root.resolve("proc/sys/net/ipv4"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       2048000 kB\nMemFree:         100 kB\nMemAvailable:   1024000 kB\n");
        Files.writeString(root.resolve("proc/loadavg"), "0.50 0.25 0.10 1/100 4242\n");
        Files.writeString(root.resolve("proc/stat"), "cpu  100 0 100 800 0 0 0 0 0 0\n");
        Files.writeString(root.resolve("proc/sys/net/ipv4/ip_forward"), "1\n");
        Troubleshooter t = new Troubleshooter(root, Clock.systemUTC(), () -> "");
        TroubleshootingReport.Memory m = t.memory(3);
        assertThat(m.totalKiB()).isEqualTo(2048000);
        assertThat(m.usedKiB()).isEqualTo(1024000);
        assertThat(m.loadAverage()).isEqualTo("0.50 0.25 0.10");
        assertThat(m.processCount()).isEqualTo(3);
        var components = t.components(dev.palisade.config.ConfigDocument.firstRun().config());
        assertThat(components).contains(new TroubleshootingReport.Component("ip-forwarding", true));
    }
}
