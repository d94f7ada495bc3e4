package dev.fakeclicks.connect.record;

import dev.fakeclicks.connect.Version;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.DecimalFormat;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * JsonConverter that writes values under the {@link RawRecords#RAW_SCHEMA} ({@code dev.fakeclicks.RawRecord},
 * BYTES) verbatim, and everything else exactly as JsonConverter does. A plain JsonConverter would write
 * such bytes as a base64 JSON string, so injected bad records (e.g. truncated JSON) would arrive as
 * valid JSON strings instead of the broken payloads they are meant to be.
 *
 * <p>With {@code schemas.enable=false} and {@code decimal.format=NUMERIC}, structs of the shapes the catalogue
 * uses are written by {@link StructJsonWriter}: the same bytes as JsonConverter, several times faster, which
 * matters since conversion is where a Connect task spends most of its time per record. It also asks the
 * connector to write each event's JSON as it builds the event (on its generator thread, where the event is
 * still in the cache), and then returns those bytes (see {@link JsonMemo}). Like JsonConverter, an
 * instance serves one task (Connect makes one per task) and is not meant to be shared between threads.
 */
public class RawPassthroughJsonConverter extends JsonConverter {

    /** Set when the settings are those StructJsonWriter writes (no envelope, numeric decimals). */
    private StructJsonWriter structWriter;

    /** JsonConverter's configure(configs, isKey) lands here too, with the converter type added. */
    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        JsonConverterConfig config = new JsonConverterConfig(configs);
        boolean streaming = !config.schemasEnabled() && config.decimalFormat() == DecimalFormat.NUMERIC;
        structWriter = streaming ? new StructJsonWriter() : null;
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        byte[] fast = fastPath(schema, value);
        return fast != null ? fast : super.fromConnectData(topic, schema, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        byte[] fast = fastPath(schema, value);
        return fast != null ? fast : super.fromConnectData(topic, headers, schema, value);
    }

    private byte[] fastPath(Schema schema, Object value) {
        if (isRaw(schema) && value instanceof byte[] bytes) {
            return bytes;
        }
        if (structWriter != null && value instanceof Struct struct && schema != null && struct.schema() == schema) {
            if (struct instanceof EventStruct event) {
                byte[] written = event.json();
                if (written != null) {
                    return written; // written by the thread that built the struct
                }
                event.wantJson();
            }
            return structWriter.write(struct); // null when the schema holds something it does not write
        }
        return null;
    }

    @Override
    public String version() {
        return Version.VERSION;
    }

    private static boolean isRaw(Schema schema) {
        return schema != null && schema.type() == Schema.Type.BYTES && RawRecords.RAW_SCHEMA_NAME.equals(schema.name());
    }
}
