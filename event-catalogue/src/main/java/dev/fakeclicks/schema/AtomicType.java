package dev.fakeclicks.schema;

import java.util.Arrays;
import java.util.Optional;

/** Spark's atomic types, named as Spark's JSON names them. */
public enum AtomicType implements DataType {
    STRING("string"),
    BOOLEAN("boolean"),
    BYTE("byte"),
    SHORT("short"),
    INTEGER("integer"),
    LONG("long"),
    FLOAT("float"),
    DOUBLE("double"),
    BINARY("binary"),
    DATE("date"),
    TIMESTAMP("timestamp"),
    TIMESTAMP_NTZ("timestamp_ntz");

    private final String jsonName;

    AtomicType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    @Override
    public String simpleString() {
        return switch (this) {
            case INTEGER -> "int";
            case LONG -> "bigint";
            case BYTE -> "tinyint";
            case SHORT -> "smallint";
            default -> jsonName;
        };
    }

    public static Optional<AtomicType> fromJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }
}
