package dev.fakeclicks.catalogue;

import dev.fakeclicks.schema.StructType;
import java.util.Objects;

/**
 * One event type of the catalogue. {@code revision} is the revision of the type's shape that producers
 * stamp into {@code schema_version}; registry versions are numbered by the registry itself.
 */
public record CatalogueEntry(String type, int revision, String description, StructType schema) {

    public CatalogueEntry {
        EventTypeNames.requireValid(type);
        Objects.requireNonNull(schema, "schema");
        description = description == null ? "" : description;
    }
}
