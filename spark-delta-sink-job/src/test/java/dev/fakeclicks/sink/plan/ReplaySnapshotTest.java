package dev.fakeclicks.sink.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplaySnapshotTest {

    private static final String STRING_QUERY = "{\"type\":\"struct\",\"fields\":[{\"name\":\"query\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}";
    private static final String LONG_QUERY = STRING_QUERY.replace("string", "long");

    private final RegistrySnapshot earlier = snapshot(Map.of(
            "search", schema("search", 1, STRING_QUERY), "page_view", schema("page_view", 1, STRING_QUERY),
            "cart", schema("cart", 2, STRING_QUERY)), Map.of("Bad Name", "invalid type name"));

    @Test
    void changedTypesAreThoseWithAnotherVersionSchemaPresenceOrRejectionButNotJustAnotherRegistrationTime() {
        RegistrySnapshot fresh = snapshot(Map.of(
                "search", schema("search", 1, LONG_QUERY), // deleted and registered again: same version, other schema
                "page_view", new RegisteredSchema("page_view", 1, Instant.parse("2027-01-01T00:00:00Z"), STRING_QUERY),
                "sign_up", schema("sign_up", 1, STRING_QUERY)), // cart deleted, sign_up new
                Map.of("Bad Name", "invalid type name", "broken", "not valid JSON"));

        assertThat(ReplaySnapshot.changedTypes(earlier, fresh)).containsExactly("broken", "cart", "search", "sign_up");
        assertThat(ReplaySnapshot.changedTypes(earlier, earlier)).isEmpty();
        assertThat(ReplaySnapshot.describeChange("search", earlier, fresh)).isEqualTo("search v1 -> v1 (another schema)");
        assertThat(ReplaySnapshot.describeChange("cart", earlier, fresh)).isEqualTo("cart v2 -> (none)");
        assertThat(ReplaySnapshot.describeChange("broken", earlier, fresh)).isEqualTo("broken (none) -> (rejected)");
    }

    @Test
    void mergeTakesTheFreshEntriesExceptForTheTypesToKeep() {
        RegistrySnapshot fresh = snapshot(Map.of("search", schema("search", 2, LONG_QUERY),
                "page_view", schema("page_view", 2, LONG_QUERY)), Map.of("cart", "not valid JSON"));

        RegistrySnapshot merged = ReplaySnapshot.merge(earlier, fresh, Set.of("page_view", "cart"));

        assertThat(merged.schemas()).containsOnlyKeys("search", "page_view", "cart");
        assertThat(merged.schemas().get("search").version()).isEqualTo(2);
        assertThat(merged.schemas().get("page_view")).isEqualTo(earlier.schemas().get("page_view"));
        assertThat(merged.schemas().get("cart")).isEqualTo(earlier.schemas().get("cart"));
        assertThat(merged.rejected()).isEmpty(); // "Bad Name" left the registry; cart's rejection is not kept
    }

    private static RegisteredSchema schema(String type, int version, String json) {
        return new RegisteredSchema(type, version, Instant.parse("2026-11-26T10:00:00Z"), json);
    }

    private static RegistrySnapshot snapshot(Map<String, RegisteredSchema> schemas, Map<String, String> rejected) {
        return new RegistrySnapshot(new TreeMap<>(schemas), new TreeMap<>(rejected));
    }
}
