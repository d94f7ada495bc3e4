package dev.fakeclicks.schema;

import java.util.Objects;

public record ArrayType(DataType elementType, boolean containsNull) implements DataType {

    public ArrayType {
        Objects.requireNonNull(elementType, "elementType");
    }

    @Override
    public String simpleString() {
        return "array<" + elementType.simpleString() + ">";
    }
}
