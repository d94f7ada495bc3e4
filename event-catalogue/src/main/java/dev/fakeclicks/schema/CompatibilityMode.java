package dev.fakeclicks.schema;

import java.util.List;

/** How a new version of a type's schema must relate to the latest registered one. */
public enum CompatibilityMode {

    /**
     * The sink, holding the new schema, must still read every event written under the old one:
     * fields may be added (nullable only) and widened (a wider integer type, float to double), never removed,
     * renamed, retyped or made non-nullable.
     */
    BACKWARD,

    /** Anything goes; for deliberate breaking changes. */
    NONE;

    public List<Incompatibility> check(StructType latest, StructType candidate) {
        return this == NONE ? List.of() : BackwardCompatibility.check(latest, candidate);
    }
}
