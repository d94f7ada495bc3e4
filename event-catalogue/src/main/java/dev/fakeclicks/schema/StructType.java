package dev.fakeclicks.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** An ordered list of fields; every event schema is a struct at the top. */
public record StructType(List<StructField> fields) implements DataType {

    public StructType {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    }

    public static StructType of(StructField... fields) {
        return new StructType(List.of(fields));
    }

    public Optional<StructField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** A copy with {@code field} appended (handy for building evolved schemas). */
    public StructType with(StructField field) {
        return new StructType(java.util.stream.Stream.concat(fields.stream(), java.util.stream.Stream.of(field)).toList());
    }

    /** A copy without the field named {@code name}. */
    public StructType without(String name) {
        return new StructType(fields.stream().filter(f -> !f.name().equals(name)).toList());
    }

    @Override
    public String simpleString() {
        return fields.stream()
                .map(f -> f.name() + ":" + f.type().simpleString())
                .collect(Collectors.joining(",", "struct<", ">"));
    }
}
