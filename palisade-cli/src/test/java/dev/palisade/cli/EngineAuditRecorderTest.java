package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.model.AppProtocol;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.LinkLayer;
import dev.palisade.routing.Interface;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineAuditRecorderTest {

    @TempDir
    Path dir;

    @Test
    void aCutConnectionAndARuleChangeReachTheFirewallAuditLog() {
        try (AuditStore store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            TrafficEngine engine = new TrafficEngine(TestConfigs.router().rule("accept", "In", "tcp", "192.168.1.0/24", null, null, "8080").block(AppProtocol.HTTP).build(),
                    EngineOptions.defaults(), FrameSink.DISCARD);
            try (EngineAuditRecorder recorder = new EngineAuditRecorder(store)) {
                engine.setEventListener(recorder);
                byte[][] frames = {
                    Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 8080).syn().seq(100).build(),
                    Frames.tcp("203.0.113.10", 8080, "198.51.100.2", 41000).synAck(101).seq(5000).build(),
                    Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 8080).flags(0x10).seq(101).ack(5001).build(),
                    Frames.tcp("192.168.1.30", 41000, "203.0.113.10", 8080).flags(0x18).seq(101).ack(5001)
                            .payload("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).build(),
                };
                Interface[] side = {Interface.LAN, Interface.WAN, Interface.LAN, Interface.LAN};
                long now = 1_000_000_000L;
                for (int i = 0; i < frames.length; i++) {
                    engine.process(side[i], LinkLayer.ETHERNET, frames[i], 0, frames[i].length, now + i * 1000L, i);
                }
                engine.apply(TestConfigs.router().rule("accept", "In", "tcp", "192.168.1.0/24", null, null, "8080").block(AppProtocol.HTTP).deny("203.0.113.99").build());
            }
            List<AuditRecord> records = store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records();
            assertThat(records).anySatisfy(r -> {
                assertThat(r.event()).isEqualTo(AuditEventType.APPLICATION_PROTOCOL_TRAFFIC_BLOCKED);
                assertThat(r.text()).isEqualTo("The connection from 192.168.1.30 to 203.0.113.10:8080 carrying HTTP traffic is closed");
                assertThat(r.subject()).isEqualTo("System: TrafficController");
            });
            assertThat(records).extracting(AuditRecord::event)
                    .contains(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
        }
    }

    @Test
    void aRouteThatCannotBeAppliedIsDescribed() {
        var route = TestConfigs.router().route("10.20.0.0/16", "192.168.1.254").build().network().routes().getFirst();
        var audit = EngineAuditRecorder.toAudit(new dev.palisade.engine.EngineEvent.RouteNotApplied(route, "gateway unreachable"));
        assertThat(audit.getKey()).isEqualTo(AuditEventType.ERROR_CREATING_ROUTE);
        assertThat(audit.getValue().get("description")).isEqualTo("10.20.0.0/16 via 192.168.1.254: gateway unreachable");
    }

    @Test
    void theNetworkProtectorsEventsReachTheFirewallAuditLogWithTheirTexts() {
        try (AuditStore store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            try (EngineAuditRecorder recorder = new EngineAuditRecorder(store)) {
                recorder.accept(new dev.palisade.engine.EngineEvent.SourceBlocked(Frames.ip("192.168.1.30"), 1000002, "Modbus write", 1_700_000_000L));
                recorder.accept(new dev.palisade.engine.EngineEvent.DenylistFull(Frames.ip("192.168.1.31"), 1000, 0));
                recorder.accept(new dev.palisade.engine.EngineEvent.DenylistFull(Frames.ip("192.168.1.32"), 1000, 4));
                recorder.accept(new dev.palisade.engine.EngineEvent.ProtectorFailed("1 error(s) in the rules"));
            }
            List<AuditRecord> records = store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records();
            assertThat(records).extracting(AuditRecord::event).filteredOn(e -> e != AuditEventType.AUDIT_SUBSYSTEM_START)
                    .containsExactlyInAnyOrder(AuditEventType.TRAFFIC_BLOCKING,
                    AuditEventType.RULE_CREATION_LIMIT_FOR_IDSPPROXY, AuditEventType.RULE_CREATION_LIMIT_FOR_IDSPPROXY,
                    AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE);
            assertThat(records).extracting(AuditRecord::text).contains(
                    "The traffic from the device 192.168.1.30 is blocked",
                    "Failed to block device 192.168.1.31: maximum limit on blocking rules reached(1000)",
                    "Failed to block device 192.168.1.32 (and 4 more sources not reported one by one): maximum limit on blocking rules reached(1000)",
                    "Emergency mode activated for Network Protector application");
        }
    }
}
