package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.inspect.appproto.AppProtocolDetector;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Inspection state lives in a small pool of slots, freed as soon as a flow is decided or gone. */
class AppProtocolInspectionTest {

    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void slotsAreLentWhileAFlowIsInspectedAndReturnedAfter() {
        AppProtocolInspection inspection = new AppProtocolInspection(100, 2);
        assertThat(inspection.start(10, 1000, 80)).isTrue();
        assertThat(inspection.start(11, 1000, 80)).isTrue();
        assertThat(inspection.start(12, 1000, 80)).as("pool exhausted").isFalse();
        assertThat(inspection.unInspected()).isEqualTo(1);
        assertThat(inspection.segment(12, 0, false, 1001, GET, 0, GET.length)).isEqualTo(AppProtocolDetector.NONE);
        // Deciding a flow frees its slot for the next one.
        assertThat(inspection.segment(10, 0, false, 1001, GET, 0, GET.length)).isEqualTo(AppProtocolDetector.codeOf(AppProtocol.HTTP));
        assertThat(inspection.inspecting()).isEqualTo(1);
        assertThat(inspection.start(12, 5000, 80)).isTrue();
        // A flow that goes away frees its slot too.
        inspection.stop(11);
        assertThat(inspection.inspecting()).isEqualTo(1);
        assertThat(inspection.segment(12, 0, false, 5001, GET, 0, GET.length)).isEqualTo(AppProtocolDetector.codeOf(AppProtocol.HTTP));
        assertThat(inspection.inspecting()).isZero();
    }
}
