package dev.fakeclicks.sink.plan;

import dev.fakeclicks.schema.ArrayType;
import dev.fakeclicks.schema.DataType;
import dev.fakeclicks.schema.MapType;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Spark's {@code from_json} makes every field nullable, so a record missing a non-nullable field parses
 * without error. These are the Spark SQL conditions that find such records: one per non-nullable field,
 * at any depth, including fields of structs inside arrays and map values. A field inside an optional
 * struct is only required when that struct is present.
 *
 * <p>Pure string building, so the rules are unit-tested without Spark; the sink hands the SQL to {@code expr()}.
 */
public final class RequiredFieldChecks {

    /** {@code condition} is true when the non-nullable field at {@code path} is missing or null. */
    public record Check(String path, String condition) {
    }

    private final List<Check> checks;

    private RequiredFieldChecks(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Checks for a struct column {@code structColumn} (SQL name) that holds a parsed record of {@code schema}. */
    public static RequiredFieldChecks of(StructType schema, String structColumn) {
        return new RequiredFieldChecks(inside(schema, structColumn, "", 1));
    }

    public List<Check> checks() {
        return checks;
    }

    /** True when any required field is missing; {@code false} for a schema without required fields. */
    public String anyMissingSql() {
        if (checks.isEmpty()) {
            return "false";
        }
        return checks.stream().map(c -> "(" + c.condition() + ")").collect(Collectors.joining(" OR "));
    }

    /** The comma-separated paths of the missing fields (empty string when none). */
    public String missingPathsSql() {
        if (checks.isEmpty()) {
            return "''";
        }
        return checks.stream()
                .map(c -> "CASE WHEN " + c.condition() + " THEN " + literal(c.path()) + " END")
                .collect(Collectors.joining(", ", "concat_ws(', ', ", ")"));
    }

    /** Checks for what is inside the non-null value at {@code expr}. */
    private static List<Check> inside(DataType type, String expr, String path, int depth) {
        List<Check> out = new ArrayList<>();
        if (type instanceof StructType struct) {
            for (StructField field : struct.fields()) {
                String fieldExpr = expr + "." + quote(field.name());
                String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                if (!field.nullable()) {
                    out.add(new Check(fieldPath, fieldExpr + " IS NULL"));
                }
                for (Check nested : inside(field.type(), fieldExpr, fieldPath, depth)) {
                    out.add(new Check(nested.path(), fieldExpr + " IS NOT NULL AND " + nested.condition()));
                }
            }
        } else if (type instanceof ArrayType array) {
            out.addAll(elements(expr, path + "[]", array.elementType(), array.containsNull(), depth));
        } else if (type instanceof MapType map) {
            out.addAll(elements("map_values(" + expr + ")", path + "{}", map.valueType(), map.valueContainsNull(), depth));
        }
        return out;
    }

    private static List<Check> elements(String arrayExpr, String path, DataType elementType, boolean containsNull, int depth) {
        List<Check> out = new ArrayList<>();
        String x = "_x" + depth;
        if (!containsNull) {
            out.add(new Check(path, "exists(" + arrayExpr + ", " + x + " -> " + x + " IS NULL)"));
        }
        for (Check nested : inside(elementType, x, path, depth + 1)) {
            out.add(new Check(nested.path(),
                    "exists(" + arrayExpr + ", " + x + " -> " + x + " IS NOT NULL AND " + nested.condition() + ")"));
        }
        return out;
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
