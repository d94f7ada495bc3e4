package dev.fakeclicks.connect.record;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.schema.ArrayType;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.DataType;
import dev.fakeclicks.schema.DecimalType;
import dev.fakeclicks.schema.MapType;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Converts the catalogue's Spark StructTypes into Connect schemas, once at task start, so every record
 * conforms to the catalogue by construction. Nullable fields become optional.
 *
 * <p>Timestamps become STRING schemas named {@link #ISO_TIMESTAMP} holding ISO-8601 UTC with millis and
 * {@code Z}: Connect's Timestamp logical type would leave JsonConverter writing epoch milliseconds, which
 * Spark's {@code from_json} reads as <em>seconds</em> into a timestamp column.
 */
public final class ConnectSchemas {

    /** Event schemas are named {@code dev.fakeclicks.events.<type>}. */
    public static final String NAMESPACE = "dev.fakeclicks.events.";
    public static final String ISO_TIMESTAMP = "dev.fakeclicks.IsoTimestamp";
    public static final String ISO_DATE = "dev.fakeclicks.IsoDate";

    private ConnectSchemas() {
    }

    /**
     * One schema per catalogue type, in catalogue order. Equal nested schemas are one instance across types
     * (every event's page, device, geo...), so a nested struct built for one event can be shared with events
     * of other types, which needs the very same schema.
     */
    public static Map<String, Schema> forCatalogue(Catalogue catalogue) {
        Map<String, Schema> result = new LinkedHashMap<>();
        Map<Schema, Schema> canonical = new HashMap<>();
        for (CatalogueEntry entry : catalogue.entries()) {
            result.put(entry.type(), forEntry(entry, canonical));
        }
        return result;
    }

    public static Schema forEntry(CatalogueEntry entry) {
        return forEntry(entry, new HashMap<>());
    }

    /** @param canonical equal schemas met so far, each mapped to the one instance used for all */
    private static Schema forEntry(CatalogueEntry entry, Map<Schema, Schema> canonical) {
        SchemaBuilder builder = structBuilder(entry.schema(), canonical)
                .name(NAMESPACE + entry.type())
                .version(entry.revision());
        if (!entry.description().isEmpty()) {
            builder.doc(entry.description());
        }
        return builder.build();
    }

    private static SchemaBuilder structBuilder(StructType struct, Map<Schema, Schema> canonical) {
        SchemaBuilder builder = SchemaBuilder.struct();
        for (StructField field : struct.fields()) {
            // Interned like the generator's literal keys, so that looking a field up in an event's map finds its key
            // by identity instead of comparing the strings (a fifth of the time spent building an event's struct).
            builder.field(field.name().intern(), convert(field.type(), field.nullable(), field.name(), canonical));
        }
        return builder;
    }

    private static Schema convert(DataType type, boolean optional, String where, Map<Schema, Schema> canonical) {
        SchemaBuilder builder;
        if (type instanceof StructType struct) {
            builder = structBuilder(struct, canonical);
        } else if (type instanceof ArrayType array) {
            builder = SchemaBuilder.array(convert(array.elementType(), array.containsNull(), where + "[]", canonical));
        } else if (type instanceof MapType map) {
            builder = SchemaBuilder.map(convert(map.keyType(), false, where + "{key}", canonical),
                    convert(map.valueType(), map.valueContainsNull(), where + "{value}", canonical));
        } else if (type instanceof DecimalType decimal) {
            builder = Decimal.builder(decimal.scale()).parameter("connect.decimal.precision", String.valueOf(decimal.precision()));
        } else if (type instanceof AtomicType atomic) {
            builder = atomic(atomic);
        } else {
            throw new IllegalArgumentException(where + ": no Connect type for " + type.simpleString());
        }
        if (optional) {
            builder.optional();
        }
        return canonical.computeIfAbsent(builder.build(), schema -> schema);
    }

    private static SchemaBuilder atomic(AtomicType type) {
        switch (type) {
            case STRING:
                return SchemaBuilder.string();
            case BOOLEAN:
                return SchemaBuilder.bool();
            case BYTE:
                return SchemaBuilder.int8();
            case SHORT:
                return SchemaBuilder.int16();
            case INTEGER:
                return SchemaBuilder.int32();
            case LONG:
                return SchemaBuilder.int64();
            case FLOAT:
                return SchemaBuilder.float32();
            case DOUBLE:
                return SchemaBuilder.float64();
            case BINARY:
                return SchemaBuilder.bytes();
            case TIMESTAMP:
            case TIMESTAMP_NTZ:
                return SchemaBuilder.string().name(ISO_TIMESTAMP);
            case DATE:
                return SchemaBuilder.string().name(ISO_DATE);
            default:
                throw new IllegalArgumentException("no Connect type for " + type.jsonName());
        }
    }
}
