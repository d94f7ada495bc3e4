package dev.fakeclicks.sink.spark;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Kafka values for the parse tests: text as UTF-8, with raw bytes (invalid or unusual UTF-8) spliced in. */
final class JsonBytes {

    private JsonBytes() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The parts in order: a {@code String} as UTF-8, a {@code byte[]} as it is. */
    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : utf8((String) part));
        }
        return out.toByteArray();
    }
}
