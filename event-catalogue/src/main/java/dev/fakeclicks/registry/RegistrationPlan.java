package dev.fakeclicks.registry;

import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.schema.EventSchemaRules;
import dev.fakeclicks.schema.Incompatibility;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructType;
import dev.fakeclicks.schema.Widening;
import java.util.List;
import java.util.Optional;

/** The pure decision behind a registration: given the latest version, what to do with a candidate. */
public final class RegistrationPlan {

    /**
     * Why a widening gets a warning: BACKWARD allows it (the issue asks for it and Spark reads old data fine), but
     * the sink's Delta 3.3 tables cannot change the type of a column they already have.
     */
    static final String SINK_CANNOT_WIDEN = "the sink's Delta tables cannot widen an existing column (Delta 3.3); "
            + "writes of this type fail until the table is migrated, see spark-delta-sink-job/README.md#schema-changes";

    private RegistrationPlan() {
    }

    /**
     * Decides without writing. The returned version is the one a write would create (REGISTERED / COMPATIBLE)
     * or the current one (UNCHANGED / REFUSED; 0 when the type is new). A COMPATIBLE result warns about each
     * widened field.
     */
    public static RegistrationResult decide(String type, Optional<RegisteredSchema> latest, StructType candidate,
                                            CompatibilityMode mode) {
        int current = latest.map(RegisteredSchema::version).orElse(0);
        List<String> invalid = EventSchemaRules.problems(candidate);
        if (!invalid.isEmpty()) {
            return new RegistrationResult(type, RegistrationResult.Status.REFUSED, current, invalid);
        }
        if (latest.isEmpty()) {
            return new RegistrationResult(type, RegistrationResult.Status.COMPATIBLE, 1, List.of());
        }
        StructType latestSchema = latest.get().schema();
        // Canonical forms on both sides: the stored text may come from another tool, with its own key order and
        // spacing, and the same schema must not become a new version for that.
        if (SchemaJson.toJson(latestSchema).equals(SchemaJson.toJson(candidate))) {
            return new RegistrationResult(type, RegistrationResult.Status.UNCHANGED, current, List.of());
        }
        List<Incompatibility> incompatible = mode.check(latestSchema, candidate);
        if (!incompatible.isEmpty()) {
            return new RegistrationResult(type, RegistrationResult.Status.REFUSED, current,
                    incompatible.stream().map(Incompatibility::toString).toList());
        }
        List<String> warnings = Widening.between(latestSchema, candidate).stream()
                .map(widening -> widening + ": " + SINK_CANNOT_WIDEN).toList();
        return new RegistrationResult(type, RegistrationResult.Status.COMPATIBLE, current + 1, List.of(), warnings);
    }
}
