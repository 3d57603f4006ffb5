package dev.palisade.capture;

import java.io.IOException;
import java.util.List;

/** The format-specific half of {@link CaptureReader}; one implementation per container format. */
sealed interface FrameDecoder permits PcapDecoder, PcapngDecoder {

    /** Fills {@code frame} with the next packet; false at a clean end of input. */
    boolean next(CapturedFrame frame) throws IOException;

    /** Interfaces of the current section, as an immutable list. */
    List<CaptureInterface> interfaces();

    CaptureFormat format();
}
