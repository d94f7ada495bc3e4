package dev.fakeclicks.registry;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every registered type with its latest schema, read in one round trip. Entries that fail validation
 * (a bad type name or an unreadable entry written by some other tool) are kept apart in
 * {@code rejected} with the reason, so one bad entry never hides the good ones.
 */
public record RegistrySnapshot(SortedMap<String, RegisteredSchema> schemas, SortedMap<String, String> rejected) {

    public RegistrySnapshot {
        schemas = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(schemas));
        rejected = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rejected));
    }

    public static RegistrySnapshot fromLatestHash(Map<String, String> latestHash) {
        SortedMap<String, RegisteredSchema> schemas = new TreeMap<>();
        SortedMap<String, String> rejected = new TreeMap<>();
        latestHash.forEach((type, entry) -> {
            var nameProblem = dev.fakeclicks.catalogue.EventTypeNames.problem(type);
            if (nameProblem.isPresent()) {
                rejected.put(type, nameProblem.get());
                return;
            }
            try {
                schemas.put(type, RegisteredSchema.fromEntryJson(type, entry));
            } catch (RegistryDataException e) {
                rejected.put(type, e.getMessage());
            }
        });
        return new RegistrySnapshot(schemas, rejected);
    }
}
