package dev.fakeclicks.schema;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which field metadata Spark can hold. Spark 3.5's {@code Metadata.fromJObject} reads null, booleans, integers (as
 * longs), doubles, strings, nested objects, and arrays whose first element says what all elements are: integers,
 * doubles, booleans, strings or objects (an empty array is an empty long array). An array of nulls or of arrays,
 * or one mixing kinds, fails {@code DataType.fromJson} for the whole schema; an integer beyond 64 bits is silently
 * truncated. Values are as {@link SchemaJson} reads them (Jackson: Integer/Long/BigInteger, Double, ...).
 */
final class FieldMetadataRules {

    static final String ALLOWED = "Spark's field metadata holds null, true/false, 64-bit integers, finite numbers,"
            + " strings, objects of these, and arrays whose elements are all integers, all numbers with a fraction or"
            + " exponent, all true/false, all strings or all objects (no null or array elements)";

    private enum Kind {
        NULL("null"), BOOLEAN("true/false"), INTEGER("integer"), NUMBER("number"), STRING("string"),
        OBJECT("object"), ARRAY("array"), UNSUPPORTED("unsupported");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private FieldMetadataRules() {
    }

    /** What Spark cannot read in a field's metadata, naming the key; empty when Spark reads it as it is. */
    static Optional<String> problem(Map<String, Object> metadata) {
        return objectProblem("", metadata).map(problem -> "metadata " + problem + "; " + ALLOWED);
    }

    private static Optional<String> objectProblem(String path, Map<?, ?> object) {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String key = path.isEmpty() ? String.valueOf(entry.getKey()) : path + "." + entry.getKey();
            Optional<String> problem = valueProblem(key, entry.getValue());
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> valueProblem(String key, Object value) {
        return switch (kind(value)) {
            case NULL, BOOLEAN, STRING -> Optional.empty();
            case INTEGER -> value instanceof BigInteger big && big.bitLength() > 63
                    ? Optional.of("\"" + key + "\" is an integer beyond 64 bits (" + value + ")")
                    : Optional.empty();
            case NUMBER -> Double.isFinite(((Number) value).doubleValue()) ? Optional.empty()
                    : Optional.of("\"" + key + "\" is not a finite number");
            case OBJECT -> objectProblem(key, (Map<?, ?>) value);
            case ARRAY -> arrayProblem(key, (List<?>) value);
            case UNSUPPORTED -> Optional.of("\"" + key + "\" holds a value of an unsupported kind ("
                    + value.getClass().getName() + ")");
        };
    }

    private static Optional<String> arrayProblem(String key, List<?> array) {
        if (array.isEmpty()) {
            return Optional.empty();
        }
        Kind first = kind(array.get(0));
        if (first == Kind.NULL || first == Kind.ARRAY) {
            return Optional.of("\"" + key + "\" is an array of " + (first == Kind.NULL ? "null" : "arrays"));
        }
        for (int i = 0; i < array.size(); i++) {
            Object element = array.get(i);
            Kind kind = kind(element);
            if (kind != first) {
                return Optional.of("\"" + key + "\" mixes " + first.label + " and " + kind.label + " elements");
            }
            Optional<String> problem = valueProblem(key + "[" + i + "]", element);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Kind kind(Object value) {
        if (value == null) {
            return Kind.NULL;
        } else if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return Kind.INTEGER;
        } else if (value instanceof Double || value instanceof Float) {
            return Kind.NUMBER;
        } else if (value instanceof String) {
            return Kind.STRING;
        } else if (value instanceof Map) {
            return Kind.OBJECT;
        } else if (value instanceof List) {
            return Kind.ARRAY;
        }
        return Kind.UNSUPPORTED;
    }
}
