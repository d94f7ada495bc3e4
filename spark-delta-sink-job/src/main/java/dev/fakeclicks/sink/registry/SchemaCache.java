package dev.fakeclicks.sink.registry;

import dev.fakeclicks.registry.RegisteredSchema;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiled schemas by (type, version), so a batch only compiles what changed since the last one. The schema
 * JSON is compared too: a type deleted and registered again starts at version 1 with a new schema.
 * Entries of types that left the registry are dropped at the next {@link #retainOnly}.
 */
public final class SchemaCache<T> {

    private record Key(String type, int version) {
    }

    private record Entry<T>(String schemaJson, T compiled) {
    }

    private final Function<RegisteredSchema, T> compiler;
    private final Map<Key, Entry<T>> entries = new HashMap<>();
    private int compilations;

    public SchemaCache(Function<RegisteredSchema, T> compiler) {
        this.compiler = compiler;
    }

    public synchronized T get(RegisteredSchema schema) {
        Key key = new Key(schema.type(), schema.version());
        Entry<T> entry = entries.get(key);
        if (entry == null || !entry.schemaJson().equals(schema.schemaJson())) {
            entry = new Entry<>(schema.schemaJson(), compiler.apply(schema));
            compilations++;
            entries.put(key, entry);
        }
        return entry.compiled();
    }

    /** Forgets every type not in {@code types} (all their versions). */
    public synchronized void retainOnly(Set<String> types) {
        entries.keySet().removeIf(k -> !types.contains(k.type()));
    }

    /** How many times a schema was compiled (for tests and the debug log). */
    public synchronized int compilations() {
        return compilations;
    }
}
