package dev.fakeclicks.registry;

import dev.fakeclicks.schema.EventSchemaRules;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every registered type with its latest schema, read in one round trip. Entries that fail validation
 * (a bad type name, an unreadable entry, or a schema breaking {@link EventSchemaRules}, which only another
 * tool writing to Redis can store) are kept apart in {@code rejected} with the reason, so one bad entry never
 * hides the good ones, and a reader can rely on every schema it gets having the envelope fields.
 */
public record RegistrySnapshot(SortedMap<String, RegisteredSchema> schemas, SortedMap<String, String> rejected) {

    public RegistrySnapshot {
        schemas = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(schemas));
        rejected = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rejected));
    }

    private static final RegistrySnapshot EMPTY = new RegistrySnapshot(new TreeMap<>(), new TreeMap<>());

    public static RegistrySnapshot fromLatestHash(Map<String, String> latestHash) {
        return fromLatestHash(latestHash, Map.of(), EMPTY);
    }

    /**
     * As {@link #fromLatestHash(Map)}, keeping {@code previous}'s verdict (the same {@link RegisteredSchema}, or the
     * same rejection) for every entry whose stored text equals its text in {@code previousHash}: a reader polling an
     * unchanged registry parses nothing again.
     */
    public static RegistrySnapshot fromLatestHash(Map<String, String> latestHash, Map<String, String> previousHash,
                                                  RegistrySnapshot previous) {
        SortedMap<String, RegisteredSchema> schemas = new TreeMap<>();
        SortedMap<String, String> rejected = new TreeMap<>();
        latestHash.forEach((type, entry) -> {
            if (entry.equals(previousHash.get(type))) {
                if (previous.schemas().containsKey(type)) {
                    schemas.put(type, previous.schemas().get(type));
                    return;
                }
                if (previous.rejected().containsKey(type)) {
                    rejected.put(type, previous.rejected().get(type));
                    return;
                }
            }
            judge(type, entry, schemas, rejected);
        });
        return new RegistrySnapshot(schemas, rejected);
    }

    private static void judge(String type, String entry, Map<String, RegisteredSchema> schemas, Map<String, String> rejected) {
        var nameProblem = dev.fakeclicks.catalogue.EventTypeNames.problem(type);
        if (nameProblem.isPresent()) {
            rejected.put(type, nameProblem.get());
            return;
        }
        RegisteredSchema schema;
        try {
            schema = RegisteredSchema.fromEntryJson(type, entry);
        } catch (RegistryDataException e) {
            rejected.put(type, e.getMessage());
            return;
        }
        List<String> problems = EventSchemaRules.problems(schema.schema());
        if (problems.isEmpty()) {
            schemas.put(type, schema);
        } else {
            rejected.put(type, "registered schema v" + schema.version() + " of " + type
                    + " breaks the event schema rules: " + String.join("; ", problems));
        }
    }
}
