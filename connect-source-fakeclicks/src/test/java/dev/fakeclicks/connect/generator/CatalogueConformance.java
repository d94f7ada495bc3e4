package dev.fakeclicks.connect.generator;

import dev.fakeclicks.schema.ArrayType;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.DataType;
import dev.fakeclicks.schema.DecimalType;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a generated event (a plain map, timestamps as epoch millis) against a catalogue StructType:
 * every field present with the right Java type, non-nullable fields non-null, no extra fields.
 */
public final class CatalogueConformance {

    private CatalogueConformance() {
    }

    public static List<String> problems(StructType schema, Map<String, Object> value) {
        List<String> problems = new ArrayList<>();
        check("", schema, value, problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(String path, DataType type, Object value, List<String> problems) {
        if (type instanceof StructType struct) {
            if (!(value instanceof Map)) {
                problems.add(path + ": expected a struct, got " + describe(value));
                return;
            }
            Map<String, Object> map = (Map<String, Object>) value;
            for (StructField field : struct.fields()) {
                String p = path.isEmpty() ? field.name() : path + "." + field.name();
                if (!map.containsKey(field.name())) {
                    problems.add(p + ": missing");
                } else if (map.get(field.name()) == null) {
                    if (!field.nullable()) {
                        problems.add(p + ": null but not nullable");
                    }
                } else {
                    check(p, field.type(), map.get(field.name()), problems);
                }
            }
            for (String key : map.keySet()) {
                if (struct.field(key).isEmpty()) {
                    problems.add((path.isEmpty() ? key : path + "." + key) + ": not in the schema");
                }
            }
        } else if (type instanceof ArrayType array) {
            if (!(value instanceof List)) {
                problems.add(path + ": expected an array, got " + describe(value));
                return;
            }
            for (Object element : (List<Object>) value) {
                if (element == null) {
                    if (!array.containsNull()) {
                        problems.add(path + "[]: null element");
                    }
                } else {
                    check(path + "[]", array.elementType(), element, problems);
                }
            }
        } else if (type instanceof DecimalType decimal) {
            if (!(value instanceof BigDecimal d)) {
                problems.add(path + ": expected a decimal, got " + describe(value));
            } else if (d.scale() != decimal.scale() || d.precision() > decimal.precision()) {
                problems.add(path + ": " + d + " does not fit " + decimal.simpleString());
            } else if (d.signum() < 0) {
                problems.add(path + ": negative amount " + d);
            }
        } else if (type instanceof AtomicType atomic) {
            // What the generator puts in GeneratedEvent.fields (and EventStructs reads) per catalogue type. A type
            // it has no representation for fails instead of passing whatever it holds.
            Class<?> expected = switch (atomic) {
                case STRING -> String.class;
                case INTEGER -> Integer.class;
                case LONG, TIMESTAMP -> Long.class;
                case BOOLEAN -> Boolean.class;
                case DOUBLE -> Double.class;
                case DATE -> java.time.LocalDate.class;
                default -> null;
            };
            if (expected == null) {
                problems.add(path + ": type " + atomic.jsonName() + " is not generated");
            } else if (!expected.isInstance(value)) {
                problems.add(path + ": expected " + atomic.jsonName() + ", got " + describe(value));
            }
        } else {
            problems.add(path + ": type " + type.simpleString() + " is not generated");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
