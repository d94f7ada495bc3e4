package dev.fakeclicks.connect.record;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Builds Connect values from the generator's plain maps, following the catalogue-derived schema: a field
 * the schema requires but the map lacks, or a key the schema does not know, is a generator bug and fails
 * loudly with the event type and field path. Timestamps arrive as epoch millis and leave as ISO strings.
 */
public final class EventStructs {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventStructs() {
    }

    public static Struct toStruct(Schema schema, Map<String, Object> fields) {
        return struct(schema, fields, schema.name());
    }

    /** The JSON-ready form of a struct (nested maps and lists), e.g. for building raw records from it. */
    public static Map<String, Object> toPlainMap(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            map.put(field.name(), plain(struct.get(field)));
        }
        return map;
    }

    public static String isoTimestamp(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    private static Object plain(Object value) {
        if (value instanceof Struct s) {
            return toPlainMap(s);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(plain(o));
            }
            return out;
        }
        return value;
    }

    private static Struct struct(Schema schema, Map<String, Object> fields, String path) {
        Struct struct = new Struct(schema);
        int matched = 0;
        for (Field field : schema.fields()) {
            Object raw = fields.get(field.name());
            if (raw == null) {
                if (!field.schema().isOptional()) {
                    throw new DataException(path + "." + field.name() + ": required field is missing");
                }
                if (fields.containsKey(field.name())) {
                    matched++;
                }
                continue;
            }
            matched++;
            struct.put(field, value(field.schema(), raw, path + "." + field.name()));
        }
        if (matched != fields.size()) {
            List<String> unknown = new ArrayList<>();
            for (String key : fields.keySet()) {
                if (schema.field(key) == null) {
                    unknown.add(key);
                }
            }
            throw new DataException(path + ": fields not in the catalogue schema: " + unknown);
        }
        return struct;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Schema schema, Object raw, String path) {
        if (ConnectSchemas.ISO_TIMESTAMP.equals(schema.name())) {
            return raw instanceof Number n ? isoTimestamp(n.longValue()) : raw;
        }
        if (ConnectSchemas.ISO_DATE.equals(schema.name())) {
            return raw instanceof LocalDate d ? d.toString() : raw;
        }
        switch (schema.type()) {
            case STRUCT:
                if (raw instanceof Struct) {
                    return raw;
                }
                return struct(schema, (Map<String, Object>) raw, path);
            case ARRAY:
                List<?> list = (List<?>) raw;
                List<Object> out = new ArrayList<>(list.size());
                for (Object element : list) {
                    out.add(element == null ? null : value(schema.valueSchema(), element, path + "[]"));
                }
                return out;
            case BYTES:
                if (raw instanceof BigDecimal decimal) {
                    int scale = Integer.parseInt(schema.parameters().get("scale"));
                    try {
                        return decimal.setScale(scale, RoundingMode.UNNECESSARY);
                    } catch (ArithmeticException e) {
                        throw new DataException(path + ": " + decimal + " does not fit scale " + scale);
                    }
                }
                return raw;
            case INT32:
                return raw instanceof Integer ? raw : Math.toIntExact(((Number) raw).longValue());
            case INT64:
                return raw instanceof Long ? raw : ((Number) raw).longValue();
            default:
                return raw;
        }
    }
}
