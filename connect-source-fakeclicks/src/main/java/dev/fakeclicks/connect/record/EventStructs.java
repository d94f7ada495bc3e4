package dev.fakeclicks.connect.record;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Builds Connect values from the generator's plain maps, following the catalogue-derived schema: a field
 * the schema requires but the map lacks, or a key the schema does not know, is a generator bug and fails
 * loudly with the event type and field path. Timestamps arrive as epoch millis and leave as ISO strings.
 *
 * <p>An instance remembers the structs it built for nested maps (page, device, geo, utm, product), which
 * the generator shares between the events of a session: those are built once, not per event, and as
 * {@link EventStruct}s they are validated once and written to JSON once. Connect's transformations build new
 * structs rather than editing them, so sharing them between records is safe. Lists are built unmodifiable.
 * When a converter asked for it ({@link JsonMemo}), each event's JSON is written as soon as it is built.
 */
public final class EventStructs {

    /** Few enough remembered values that their lookups stay in the CPU cache; the sharing is mostly within a session. */
    private static final int MAX_SHARED = 4_096;
    /** Tells a key that is absent from a key mapped to null, in one lookup. */
    private static final Object ABSENT = new Object();

    private final Shared shared = new Shared();
    private final StructJsonWriter jsonWriter = new StructJsonWriter();

    /**
     * Values already converted, by the identity of the generator's map or list and the schema they were built
     * for, and what the structs built here share about their JSON.
     */
    private static final class Shared {
        final Map<Object, Struct> structs = new IdentityHashMap<>();
        final Map<Object, Converted> lists = new IdentityHashMap<>();
        final JsonMemo memo = new JsonMemo();
    }

    private record Converted(Schema schema, List<Object> value) {
    }

    /**
     * Builds one event's struct, reusing nested structs and lists already built from the same objects, and
     * writes its JSON too when a converter asked for it.
     */
    public Struct build(Schema schema, Map<String, Object> fields) {
        if (shared.structs.size() + shared.lists.size() > MAX_SHARED) {
            shared.structs.clear();
            shared.lists.clear();
        }
        EventStruct event = struct(schema, fields, schema.name(), shared, shared.memo, false);
        if (shared.memo.wanted()) {
            event.rememberJson(jsonWriter.write(event)); // null when JsonConverter must write it
        }
        return event;
    }

    /** Builds one event's struct without sharing. */
    public static Struct toStruct(Schema schema, Map<String, Object> fields) {
        return struct(schema, fields, schema.name(), null, new JsonMemo(), false);
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
        return IsoTimestamps.format(epochMillis);
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

    /** @param sharedStruct whether the struct is remembered and shared between events */
    private static EventStruct struct(Schema schema, Map<String, Object> fields, String path, Shared shared, JsonMemo memo,
            boolean sharedStruct) {
        EventStruct struct = new EventStruct(schema, sharedStruct, memo);
        int matched = 0;
        for (Field field : schema.fields()) {
            Object raw = fields.getOrDefault(field.name(), ABSENT);
            if (raw == null || raw == ABSENT) {
                if (!field.schema().isOptional()) {
                    throw new DataException(path + "." + field.name() + ": required field is missing");
                }
                if (raw == null) {
                    matched++;
                }
                continue;
            }
            matched++;
            struct.set(field, value(field.schema(), raw, path, field.name(), shared, memo, false));
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
        struct.markValid(); // every required field was set, every value is of its field's type
        return struct;
    }

    /** @param inSharedList whether the value is an element of a list that is shared between events */
    @SuppressWarnings("unchecked")
    private static Object value(Schema schema, Object raw, String parent, String name, Shared shared, JsonMemo memo,
            boolean inSharedList) {
        if (ConnectSchemas.ISO_TIMESTAMP.equals(schema.name())) {
            if (raw instanceof Number n) {
                return isoTimestamp(n.longValue());
            }
            if (raw instanceof String) {
                return raw;
            }
            throw mismatch(schema, raw, parent, name);
        }
        if (ConnectSchemas.ISO_DATE.equals(schema.name())) {
            if (raw instanceof LocalDate d) {
                return d.toString();
            }
            if (raw instanceof String) {
                return raw;
            }
            throw mismatch(schema, raw, parent, name);
        }
        switch (schema.type()) {
            case STRUCT:
                if (raw instanceof Struct struct) {
                    if (!struct.schema().equals(schema)) {
                        throw mismatch(schema, raw, parent, name);
                    }
                    struct.validate();
                    return raw;
                }
                if (!(raw instanceof Map)) {
                    throw mismatch(schema, raw, parent, name);
                }
                if (shared != null) {
                    Struct known = shared.structs.get(raw);
                    if (known != null && known.schema() == schema) {
                        return known;
                    }
                    Struct built = struct(schema, (Map<String, Object>) raw, parent + "." + name, shared, memo, true);
                    shared.structs.put(raw, built);
                    return built;
                }
                return struct(schema, (Map<String, Object>) raw, parent + "." + name, null, memo, inSharedList);
            case ARRAY:
                if (shared != null) {
                    // Lists the generator shares (a category page's entries) are converted once.
                    Converted known = shared.lists.get(raw);
                    if (known != null && known.schema() == schema) {
                        return known.value();
                    }
                }
                if (!(raw instanceof List<?> list)) {
                    throw mismatch(schema, raw, parent, name);
                }
                List<Object> elements = new ArrayList<>(list.size());
                String elementName = name + "[]";
                for (Object element : list) {
                    if (element == null && !schema.valueSchema().isOptional()) {
                        throw new DataException(parent + "." + elementName + ": null in an array of required elements");
                    }
                    // Array elements (cart lines, list entries) are built with their list, and shared if it is.
                    elements.add(element == null ? null
                            : value(schema.valueSchema(), element, parent, elementName, null, memo, shared != null));
                }
                List<Object> out = Collections.unmodifiableList(elements);
                if (shared != null) {
                    shared.lists.put(raw, new Converted(schema, out));
                }
                return out;
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(schema.name())) {
                    if (!(raw instanceof BigDecimal decimal)) {
                        throw mismatch(schema, raw, parent, name);
                    }
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    try {
                        return decimal.setScale(scale, RoundingMode.UNNECESSARY);
                    } catch (ArithmeticException e) {
                        throw new DataException(parent + "." + name + ": " + decimal + " does not fit scale " + scale);
                    }
                }
                if (schema.name() != null || !(raw instanceof byte[] || raw instanceof ByteBuffer)) {
                    throw mismatch(schema, raw, parent, name);
                }
                return raw;
            case INT32:
                if (schema.name() != null) {
                    throw mismatch(schema, raw, parent, name); // Connect's Date and Time: not in the catalogue
                }
                if (raw instanceof Integer) {
                    return raw;
                }
                if (isWholeNumber(raw)) {
                    long value = ((Number) raw).longValue();
                    if (value != (int) value) {
                        throw new DataException(parent + "." + name + ": " + value + " does not fit an int");
                    }
                    return (int) value;
                }
                throw mismatch(schema, raw, parent, name);
            case INT64:
                if (schema.name() != null) {
                    throw mismatch(schema, raw, parent, name); // Connect's Timestamp: the catalogue's are ISO strings
                }
                if (raw instanceof Long) {
                    return raw;
                }
                if (isWholeNumber(raw)) {
                    return ((Number) raw).longValue();
                }
                throw mismatch(schema, raw, parent, name);
            default:
                if (!isPlain(schema, raw)) {
                    throw mismatch(schema, raw, parent, name);
                }
                return raw;
        }
    }

    /** Java's whole-number boxes that fit a long (a double would be truncated without a word). */
    private static boolean isWholeNumber(Object raw) {
        return raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte;
    }

    /** Whether the value is what Connect expects for a schema of the remaining (unnamed, unconverted) types. */
    private static boolean isPlain(Schema schema, Object raw) {
        if (schema.name() != null) {
            return false; // a logical type the catalogue does not use
        }
        return switch (schema.type()) {
            case STRING -> raw instanceof String;
            case BOOLEAN -> raw instanceof Boolean;
            case FLOAT64 -> raw instanceof Double;
            case FLOAT32 -> raw instanceof Float;
            case INT16 -> raw instanceof Short;
            case INT8 -> raw instanceof Byte;
            default -> false; // MAP: not in the catalogue
        };
    }

    private static DataException mismatch(Schema schema, Object raw, String parent, String name) {
        String what = schema.name() != null ? schema.name() : schema.type().toString();
        return new DataException(parent + "." + name + ": " + raw.getClass().getSimpleName() + " where the schema has " + what);
    }
}
