package dev.fakeclicks.registry;

import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.schema.EventSchemaRules;
import dev.fakeclicks.schema.Incompatibility;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructType;
import java.util.List;
import java.util.Optional;

/** The pure decision behind a registration: given the latest version, what to do with a candidate. */
public final class RegistrationPlan {

    private RegistrationPlan() {
    }

    /**
     * Decides without writing. The returned version is the one a write would create (REGISTERED / COMPATIBLE)
     * or the current one (UNCHANGED / REFUSED; 0 when the type is new).
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
        if (latest.get().schemaJson().equals(SchemaJson.toJson(candidate))) {
            return new RegistrationResult(type, RegistrationResult.Status.UNCHANGED, current, List.of());
        }
        List<Incompatibility> incompatible = mode.check(latest.get().schema(), candidate);
        if (!incompatible.isEmpty()) {
            return new RegistrationResult(type, RegistrationResult.Status.REFUSED, current,
                    incompatible.stream().map(Incompatibility::toString).toList());
        }
        return new RegistrationResult(type, RegistrationResult.Status.COMPATIBLE, current + 1, List.of());
    }
}
