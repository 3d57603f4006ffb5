package dev.palisade.live.nft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.policy.Policy;
import dev.palisade.policy.PolicySettings;
import dev.palisade.testing.TestConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which flows go to the inspector, case by case. */
class InspectionScopeTest {

    private static final PolicySettings RUNNING = PolicySettings.DEFAULTS;
    private static final PolicySettings NOT_RUNNING = new PolicySettings(0, 514, false);

    @Test
    void nothingIsQueuedWithoutBlockedProtocolsOrIps() {
        assertThat(InspectionScope.of(TestConfigs.router().build(), RUNNING)).isEqualTo(InspectionScope.NONE);
        assertThat(InspectionScope.NONE.any()).isFalse();
    }

    @Test
    void anyBlockedProtocolQueuesEveryTransitTcpFlow() {
        InspectionScope scope = InspectionScope.of(TestConfigs.router().block(AppProtocol.SMTP).build(), RUNNING);
        assertThat(scope.allTransitTcp()).isTrue();
        assertThat(scope.any()).isTrue();
        InspectionScope both = InspectionScope.of(TestConfigs.router().block(AppProtocol.SMTP)
                .application(Policy.NETWORK_PROTECTOR_PACKAGE, true).build(), RUNNING);
        assertThat(both.allTransitTcp()).as("all transit TCP covers the industrial ports").isTrue();
    }

    @Test
    void aRunningConfiguredIpsQueuesModbusAndMqtt() {
        InspectionScope scope = InspectionScope.of(TestConfigs.router().application(Policy.NETWORK_PROTECTOR_PACKAGE, true).build(), RUNNING);
        assertThat(scope).isEqualTo(new InspectionScope(false, List.of(502, 1883)));
    }

    @Test
    void anIpsThatDoesNotRunBlocksTransitInsteadOfQueueing() {
        assertThat(InspectionScope.of(TestConfigs.router().application(Policy.NETWORK_PROTECTOR_PACKAGE, false).build(), RUNNING))
                .isEqualTo(InspectionScope.NONE);
        assertThat(InspectionScope.of(TestConfigs.router().application(Policy.NETWORK_PROTECTOR_PACKAGE, true).build(), NOT_RUNNING))
                .isEqualTo(InspectionScope.NONE);
    }

    @Test
    void nothingTransitsADiodeSoNothingIsQueued() {
        assertThat(InspectionScope.of(TestConfigs.diode().block(AppProtocol.HTTP)
                .application(Policy.NETWORK_PROTECTOR_PACKAGE, true).build(), RUNNING)).isEqualTo(InspectionScope.NONE);
    }
}
