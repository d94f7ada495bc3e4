package dev.fakeclicks.connect.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Writes a Struct as JsonConverter does with {@code schemas.enable=false} and {@code decimal.format=NUMERIC}
 * — the same bytes (a test compares them over every event type) — but streaming, without JsonConverter's
 * intermediate tree and its field lookups by name, which make up most of a Connect task's time per record.
 * Only schemas made of what the catalogue uses are handled: no defaults, no maps, no logical types other
 * than Decimal. {@link #supports} says which; everything else goes to JsonConverter.
 */
final class StructJsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Map<Schema, Boolean> SUPPORTED = new ConcurrentHashMap<>();

    private StructJsonWriter() {
    }

    static boolean supports(Schema schema) {
        return SUPPORTED.computeIfAbsent(schema, StructJsonWriter::check);
    }

    private static boolean check(Schema schema) {
        if (schema.defaultValue() != null) {
            return false;
        }
        if (schema.name() != null && !Decimal.LOGICAL_NAME.equals(schema.name())
                && schema.type() != Schema.Type.STRUCT && schema.type() != Schema.Type.STRING) {
            return false; // other logical types (Timestamp, Date, Time) have their own encodings
        }
        switch (schema.type()) {
            case STRUCT:
                for (Field f : schema.fields()) {
                    if (!check(f.schema())) {
                        return false;
                    }
                }
                return true;
            case ARRAY:
                return check(schema.valueSchema());
            case MAP:
                return false;
            case BYTES:
                return Decimal.LOGICAL_NAME.equals(schema.name());
            default:
                return true;
        }
    }

    static byte[] write(Struct struct) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1_536);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeStruct(g, struct);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeStruct(JsonGenerator g, Struct struct) throws IOException {
        g.writeStartObject();
        for (Field field : struct.schema().fields()) {
            g.writeFieldName(field.name());
            write(g, field.schema(), struct.get(field));
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, Schema schema, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        switch (schema.type()) {
            case STRUCT:
                writeStruct(g, (Struct) value);
                return;
            case ARRAY:
                g.writeStartArray();
                for (Object element : (List<?>) value) {
                    write(g, schema.valueSchema(), element);
                }
                g.writeEndArray();
                return;
            case STRING:
                g.writeString((String) value);
                return;
            case INT8:
            case INT16:
            case INT32:
                g.writeNumber(((Number) value).intValue());
                return;
            case INT64:
                g.writeNumber((Long) value);
                return;
            case FLOAT32:
                g.writeNumber((Float) value);
                return;
            case FLOAT64:
                g.writeNumber((Double) value);
                return;
            case BOOLEAN:
                g.writeBoolean((Boolean) value);
                return;
            case BYTES:
                g.writeNumber((BigDecimal) value); // Decimal only (see check)
                return;
            default:
                throw new IllegalStateException("unsupported type " + schema.type());
        }
    }
}
