package dev.fakeclicks.connect.record;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
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
            struct.put(field, value(field.schema(), raw, path, field.name(), shared, memo, false));
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
        struct.markValid(); // every required field was put, every value validated by put
        return struct;
    }

    /** @param inSharedList whether the value is an element of a list that is shared between events */
    @SuppressWarnings("unchecked")
    private static Object value(Schema schema, Object raw, String parent, String name, Shared shared, JsonMemo memo,
            boolean inSharedList) {
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
                List<?> list = (List<?>) raw;
                List<Object> elements = new ArrayList<>(list.size());
                String elementName = name + "[]";
                for (Object element : list) {
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
                if (raw instanceof BigDecimal decimal) {
                    int scale = Integer.parseInt(schema.parameters().get("scale"));
                    try {
                        return decimal.setScale(scale, RoundingMode.UNNECESSARY);
                    } catch (ArithmeticException e) {
                        throw new DataException(parent + "." + name + ": " + decimal + " does not fit scale " + scale);
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
