package dev.fakeclicks.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every event schema must satisfy before it is registered, whatever the compatibility mode:
 * the envelope fields the sink routes, deduplicates and partitions on, column names Delta accepts, and what
 * Spark can use at all: string map keys (the only ones {@code from_json} reads) and field metadata Spark's
 * {@code Metadata} can hold ({@link FieldMetadataRules}). A schema breaking them would stop the sink's batches.
 */
public final class EventSchemaRules {

    /** Envelope fields the pipeline relies on, with the type each must have; none may be nullable. */
    public static final List<StructField> REQUIRED_FIELDS = List.of(
            new StructField("event_id", AtomicType.STRING, false),
            new StructField("event_type", AtomicType.STRING, false),
            new StructField("event_time", AtomicType.TIMESTAMP, false));

    /** Top-level columns the sink adds itself (Kafka coordinates, ingest time, partition column). */
    public static final String RESERVED_PREFIX = "_";
    public static final String PARTITION_COLUMN = "event_date";

    private EventSchemaRules() {
    }

    public static List<String> problems(StructType schema) {
        List<String> problems = new ArrayList<>();
        for (StructField required : REQUIRED_FIELDS) {
            schema.field(required.name()).ifPresentOrElse(
                    actual -> {
                        if (!actual.type().equals(required.type())) {
                            problems.add(required.name() + ": must be " + required.type().simpleString()
                                    + ", found " + actual.type().simpleString());
                        } else if (actual.nullable()) {
                            problems.add(required.name() + ": must be non-nullable (the sink routes, deduplicates"
                                    + " and partitions on the envelope fields, and quarantines a record without one only"
                                    + " while its schema requires it)");
                        }
                    },
                    () -> problems.add(required.name() + ": required envelope field is missing (type "
                            + required.type().simpleString() + ")"));
        }
        for (StructField field : schema.fields()) {
            if (field.name().startsWith(RESERVED_PREFIX) || field.name().equalsIgnoreCase(PARTITION_COLUMN)) {
                problems.add(field.name() + ": reserved for columns the sink adds (names starting with '"
                        + RESERVED_PREFIX + "' and " + PARTITION_COLUMN + ")");
            }
        }
        checkNested("", schema, problems);
        return problems;
    }

    /** Names, map keys and field metadata at every depth (struct fields, array elements, map values). */
    private static void checkNested(String path, DataType type, List<String> problems) {
        if (type instanceof StructType struct) {
            Set<String> seen = new HashSet<>();
            for (StructField field : struct.fields()) {
                String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                if (field.name().isBlank()) {
                    problems.add((path.isEmpty() ? "(top level)" : path) + ": field with an empty name");
                } else if (!seen.add(field.name().toLowerCase(Locale.ROOT))) {
                    problems.add(fieldPath + ": duplicate field name (Spark and Delta compare names case-insensitively)");
                } else if (field.name().chars().anyMatch(c -> " ,;{}()\n\t=".indexOf(c) >= 0)) {
                    problems.add(fieldPath + ": Delta does not accept any of ' ,;{}()\\n\\t=' in column names");
                }
                FieldMetadataRules.problem(field.metadata())
                        .ifPresent(problem -> problems.add(fieldPath + ": " + problem));
                checkNested(fieldPath, field.type(), problems);
            }
        } else if (type instanceof ArrayType array) {
            checkNested(path + "[]", array.elementType(), problems);
        } else if (type instanceof MapType map) {
            if (map.keyType() != AtomicType.STRING) {
                // Spark's from_json refuses the whole schema at analysis (DATATYPE_MISMATCH.INVALID_JSON_MAP_KEY_TYPE).
                problems.add(path + ": map keys must be string (JSON object keys are strings), found "
                        + map.simpleString());
            }
            checkNested(path + "{}", map.valueType(), problems);
        }
    }
}
