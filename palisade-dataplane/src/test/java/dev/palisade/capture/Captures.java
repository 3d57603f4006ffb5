package dev.palisade.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: read a whole capture into immutable snapshots. */
final class Captures {
    private Captures() {}

    /** One frame copied out of the reusable {@link CapturedFrame}. */
    record Frame(int interfaceId, String interfaceName, long timestampNanos, byte[] data, int originalLength) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.interfaceId == interfaceId && java.util.Objects.equals(f.interfaceName, interfaceName)
                    && f.timestampNanos == timestampNanos && Arrays.equals(f.data, data) && f.originalLength == originalLength;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data) * 31 + Long.hashCode(timestampNanos);
        }

        @Override
        public String toString() {
            return "Frame[if=" + interfaceId + "/" + interfaceName + ", ts=" + timestampNanos + ", len=" + data.length
                    + ", orig=" + originalLength + "]";
        }
    }

    static List<Frame> readAll(CaptureReader reader) throws IOException {
        List<Frame> frames = new ArrayList<>();
        CapturedFrame frame = new CapturedFrame();
        while (reader.next(frame)) {
            frames.add(new Frame(frame.interfaceId(), frame.captureInterface().name(), frame.timestampNanos(),
                    Arrays.copyOf(frame.buffer(), frame.length()), frame.originalLength()));
        }
        return frames;
    }

    static List<Frame> readAll(byte[] file) throws IOException {
        try (CaptureReader reader = open(file)) {
            return readAll(reader);
        }
    }

    static CaptureReader open(byte[] file) throws IOException {
        return CaptureReader.open(new ByteArrayInputStream(file), "test.pcapng");
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
