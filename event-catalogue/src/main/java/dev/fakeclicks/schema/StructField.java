package dev.fakeclicks.schema;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named field. {@code metadata} is Spark's field metadata (a JSON object, kept in order); the catalogue
 * uses its {@code comment} key, which Spark and Delta show as the column comment.
 */
public record StructField(String name, DataType type, boolean nullable, Map<String, Object> metadata) {

    public StructField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public StructField(String name, DataType type, boolean nullable) {
        this(name, type, nullable, Map.of());
    }

    public Optional<String> comment() {
        return Optional.ofNullable(metadata.get("comment")).map(Object::toString);
    }
}
