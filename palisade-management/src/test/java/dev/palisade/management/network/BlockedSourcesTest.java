package dev.palisade.management.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.engine.EngineEvent;
import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.history.ConfigHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources the Network Protector blocks become entries of the configuration's denylist (with the
 * signature name and time), written by "System: Network Protector" as a new version that reaches
 * the engine; blocks close together make one version; an address already listed is not added
 * twice; the administrator's deletion unblocks it, and a later block lists it again.
 */
class BlockedSourcesTest {

    @TempDir
    Path dir;

    TestGateway gateway;
    BlockedSources blocked = new BlockedSources();

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.withTestPki(dir.resolve("var"), List.of(new NetworkFeature(RouteStates.REPLAY_ONLY, blocked)));
    }

    @AfterEach
    void stop() throws IOException {
        blocked.close();
        gateway.close();
    }

    List<IdsProxyConfig.DenylistEntry> denylist() {
        return gateway.service.history().current().config().network().idsProxy().denylist();
    }

    static EngineEvent.SourceBlocked block(String address, long sid, String signature, long time) {
        return new EngineEvent.SourceBlocked(Ipv4Address.parse(address).value(), sid, signature, time);
    }

    @Test
    void blockedSourcesAreWrittenIntoTheDenylistOnceAndReachTheEngine() throws Exception {
        int versionsBefore = gateway.service.history().versions().size();
        int appliedBefore = gateway.applied.size();
        blocked.accept(block("203.0.113.7", 1000002, "Modbus write from the WAN", 1_790_000_000L));
        blocked.accept(block("203.0.113.8", 1000002, "Modbus write from the WAN", 1_790_000_001L));
        blocked.accept(new EngineEvent.RouteNotApplied(null, "ignored: not a block"));
        // The count goes up when the writer returns, just after the version became current.
        await().atMost(Duration.ofSeconds(10)).until(() -> denylist().size() == 2 && blocked.persisted() == 2);

        assertThat(denylist()).containsExactly(
                new IdsProxyConfig.DenylistEntry(Ipv4Address.parse("203.0.113.7"), 1_790_000_000L, "Modbus write from the WAN"),
                new IdsProxyConfig.DenylistEntry(Ipv4Address.parse("203.0.113.8"), 1_790_000_001L, "Modbus write from the WAN"));
        List<ConfigHistory.Version> versions = gateway.service.history().versions();
        assertThat(versions).as("both blocks in one version").hasSize(versionsBefore + 1);
        assertThat(versions.getFirst().author()).isEqualTo(BlockedSources.AUTHOR);
        assertThat(versions.getFirst().comment()).contains("2 sources blocked by the Network Protector").contains("203.0.113.7");
        assertThat(gateway.applied).hasSize(appliedBefore + 1);
        assertThat(gateway.engine.policy().inConfiguredDenylist(Ipv4Address.parse("203.0.113.7").value())).isTrue();
        assertThat(blocked.persisted()).isEqualTo(2);

        // Already listed: no new version.
        blocked.accept(block("203.0.113.7", 1000003, "another rule", 1_790_000_100L));
        blocked.accept(block("203.0.113.9", 1000003, "another rule", 1_790_000_101L));
        await().atMost(Duration.ofSeconds(10)).until(() -> denylist().size() == 3);
        assertThat(gateway.service.history().versions()).hasSize(versionsBefore + 2);
        assertThat(denylist().getFirst().signatureName()).as("the first entry is kept as it was").isEqualTo("Modbus write from the WAN");
        assertThat(gateway.service.history().versions().getFirst().comment()).isEqualTo("203.0.113.9 blocked by the Network Protector");
    }

    @Test
    void theAdministratorsDeletionUnblocksAndALaterBlockListsAgain() throws Exception {
        blocked.accept(block("198.51.100.20", 1000002, "write", 1_790_000_000L));
        await().atMost(Duration.ofSeconds(10)).until(() -> denylist().size() == 1);
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        String password = NetworkApiTest.ADMIN_PASSWORD;
        assertThat(admin.json("PUT", "/api/accounts/administrator/credentials", "{\"oldPassword\":\"adminadmin\",\"newPassword\":\""
                + password + "\",\"confirmPassword\":\"" + password + "\"}").status()).isEqualTo(200);
        assertThat(admin.json("DELETE", "/api/network/denylist/0", null).status()).isEqualTo(204);
        assertThat(denylist()).isEmpty();
        assertThat(gateway.engine.policy().inConfiguredDenylist(Ipv4Address.parse("198.51.100.20").value())).isFalse();

        blocked.accept(block("198.51.100.20", 1000002, "write", 1_790_000_500L));
        await().atMost(Duration.ofSeconds(10)).until(() -> denylist().size() == 1);
        assertThat(denylist().getFirst().timestamp()).isEqualTo(1_790_000_500L);
    }
}
