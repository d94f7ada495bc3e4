package dev.fakeclicks.connect.record;

import dev.fakeclicks.connect.Version;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * JsonConverter that writes values under the {@link RawRecords#RAW_SCHEMA} ({@code dev.fakeclicks.RawRecord},
 * BYTES) verbatim, and everything else exactly as JsonConverter does. A plain JsonConverter would write
 * such bytes as a base64 JSON string, so injected bad records (e.g. truncated JSON) would arrive as
 * valid JSON strings instead of the broken payloads they are meant to be.
 */
public class RawPassthroughJsonConverter extends JsonConverter {

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (isRaw(schema) && value instanceof byte[] bytes) {
            return bytes;
        }
        return super.fromConnectData(topic, schema, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (isRaw(schema) && value instanceof byte[] bytes) {
            return bytes;
        }
        return super.fromConnectData(topic, headers, schema, value);
    }

    @Override
    public String version() {
        return Version.VERSION;
    }

    private static boolean isRaw(Schema schema) {
        return schema != null && schema.type() == Schema.Type.BYTES && RawRecords.RAW_SCHEMA_NAME.equals(schema.name());
    }
}
