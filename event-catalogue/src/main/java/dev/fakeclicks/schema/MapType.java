package dev.fakeclicks.schema;

import java.util.Objects;

public record MapType(DataType keyType, DataType valueType, boolean valueContainsNull) implements DataType {

    public MapType {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }

    @Override
    public String simpleString() {
        return "map<" + keyType.simpleString() + "," + valueType.simpleString() + ">";
    }
}
