package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.registry.RedisSettings;
import dev.fakeclicks.registry.RegistrySnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the job checks in the registry before Spark starts (SparkSubmitIT runs the exit itself, for an empty registry). */
class DeltaSinkJobTest {

    private static final RedisSettings REDIS = RedisSettings.local(5555).withPrefix("typo:");

    @Test
    void anEmptyRegistryIsToldToBeSeededOrLookedForElsewhere() {
        assertThat(DeltaSinkJob.noUsableTypes(RegistrySnapshot.fromLatestHash(Map.of()), REDIS)).hasValue(
                "the registry at localhost:5555 has no event types under prefix typo:, so every record would be quarantined:"
                        + " seed it (registry-tools seed) or check REDIS_HOST, REDIS_PORT and REGISTRY_PREFIX");
    }

    /** Entries another tool wrote, none usable: seeding or checking the prefix would not help, the entries need fixing. */
    @Test
    void aRegistryWhoseEveryEntryIsRejectedSaysWhyInsteadOfCallingItEmpty() {
        RegistrySnapshot snapshot = RegistrySnapshot.fromLatestHash(Map.of("search", "{not an entry", "Page-View", "{}"));
        assertThat(snapshot.rejected()).hasSize(2);

        assertThat(DeltaSinkJob.noUsableTypes(snapshot, REDIS)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("the registry at localhost:5555 has no usable event type under prefix typo:: all 2 entries are"
                        + " rejected, so every record would be quarantined (rejected_schema)")
                .contains("registry entry of search is unreadable")
                .contains("invalid event type name \"Page-View\"")
                .doesNotContain("seed it"));
    }
}
