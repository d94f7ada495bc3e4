package dev.fakeclicks.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every event schema must satisfy before it is registered, whatever the compatibility mode:
 * the envelope fields the sink routes, deduplicates and partitions on, and column names Delta accepts.
 */
public final class EventSchemaRules {

    /** Envelope fields the pipeline relies on, with the type each must have. */
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
        checkNames("", schema, problems);
        return problems;
    }

    private static void checkNames(String prefix, DataType type, List<String> problems) {
        if (type instanceof StructType struct) {
            Set<String> seen = new HashSet<>();
            for (StructField field : struct.fields()) {
                String path = prefix + field.name();
                if (field.name().isBlank()) {
                    problems.add((prefix.isEmpty() ? "(top level)" : prefix) + ": field with an empty name");
                } else if (!seen.add(field.name().toLowerCase(Locale.ROOT))) {
                    problems.add(path + ": duplicate field name (Spark and Delta compare names case-insensitively)");
                } else if (field.name().chars().anyMatch(c -> " ,;{}()\n\t=".indexOf(c) >= 0)) {
                    problems.add(path + ": Delta does not accept any of ' ,;{}()\\n\\t=' in column names");
                }
                checkNames(path + ".", field.type(), problems);
            }
        } else if (type instanceof ArrayType array) {
            checkNames(prefix.substring(0, Math.max(0, prefix.length() - 1)) + "[].", array.elementType(), problems);
        } else if (type instanceof MapType map) {
            checkNames(prefix.substring(0, Math.max(0, prefix.length() - 1)) + "{}.", map.valueType(), problems);
        }
    }
}
