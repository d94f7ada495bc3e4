package dev.fakeclicks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.schema.SchemaJson;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySnapshotTest {

    private static String entry(String type, int version) {
        return new RegisteredSchema(type, version, Instant.parse("2026-11-27T10:00:00Z"),
                SchemaJson.toJson(Catalogue.builtIn().require(type).schema())).toEntryJson();
    }

    @Test
    void goodAndBadEntriesAreSortedApart() {
        RegistrySnapshot snapshot = RegistrySnapshot.fromLatestHash(Map.of(
                "search", entry("search", 2), "login", "{not json", "Bad Name", entry("search", 1)));

        assertThat(snapshot.schemas()).containsOnlyKeys("search");
        assertThat(snapshot.schemas().get("search").version()).isEqualTo(2);
        assertThat(snapshot.rejected()).containsOnlyKeys("login", "Bad Name");
        assertThat(snapshot.rejected().get("login")).startsWith("registry entry of login is unreadable: not valid JSON");
    }

    @Test
    void unchangedEntriesKeepThePreviousVerdictAndChangedOnesAreJudgedAgain() {
        Map<String, String> before = Map.of("search", entry("search", 1), "login", entry("login", 1), "purchase", "{not json");
        RegistrySnapshot previous = RegistrySnapshot.fromLatestHash(before);
        Map<String, String> after = Map.of("search", entry("search", 1), "login", entry("login", 2), "purchase", "{not json",
                "sign_up", entry("sign_up", 1));

        RegistrySnapshot next = RegistrySnapshot.fromLatestHash(after, before, previous);

        // Same objects: nothing was parsed for the unchanged entries.
        assertThat(next.schemas().get("search")).isSameAs(previous.schemas().get("search"));
        assertThat(next.rejected().get("purchase")).isSameAs(previous.rejected().get("purchase"));
        assertThat(next.schemas().get("login").version()).isEqualTo(2);
        assertThat(next.schemas().get("sign_up").version()).isEqualTo(1);
        // The result is what a fresh read gives.
        assertThat(next).isEqualTo(RegistrySnapshot.fromLatestHash(after));
        // A type removed from the registry is gone, whatever the previous snapshot held.
        assertThat(RegistrySnapshot.fromLatestHash(Map.of("login", entry("login", 2)), after, next).schemas())
                .containsOnlyKeys("login");
    }
}
