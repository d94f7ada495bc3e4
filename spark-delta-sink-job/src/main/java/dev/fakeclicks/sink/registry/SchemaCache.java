package dev.fakeclicks.sink.registry;

import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled schemas by (type, version), so a batch only compiles what changed since the last one. The schema
 * JSON is compared too: a type deleted and registered again starts at version 1 with a new schema. A schema the
 * compiler refuses ({@link UnusableSchemaException}) is remembered as refused, so it is not compiled (and logged)
 * again each batch. Entries of types that left the registry are dropped at the next {@link #retainOnly}.
 */
public final class SchemaCache<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCache.class);

    private record Key(String type, int version) {
    }

    /** The compiled schema, or (compiled null) why it cannot be used. */
    private record Entry<T>(String schemaJson, T compiled, String unusable) {
    }

    private final Function<RegisteredSchema, T> compiler;
    private final Map<Key, Entry<T>> entries = new HashMap<>();
    private int compilations;

    /** @param compiler throws {@link UnusableSchemaException} for a schema it cannot use */
    public SchemaCache(Function<RegisteredSchema, T> compiler) {
        this.compiler = compiler;
    }

    /** @throws UnusableSchemaException when the compiler refused the schema (see {@link #usable}) */
    public synchronized T get(RegisteredSchema schema) {
        Entry<T> entry = entry(schema);
        if (entry.unusable() != null) {
            throw new UnusableSchemaException(entry.unusable(), null);
        }
        return entry.compiled();
    }

    /**
     * {@code snapshot} with every schema the compiler refuses moved to its rejections (with the compiler's message),
     * each schema compiled once: what a batch records in its manifest, so that an entry Spark cannot use sends its
     * records to quarantine ({@code rejected_schema}) instead of failing every batch. Forgets the types the snapshot
     * no longer has.
     */
    public synchronized RegistrySnapshot usable(RegistrySnapshot snapshot) {
        retainOnly(snapshot.schemas().keySet());
        SortedMap<String, RegisteredSchema> schemas = new TreeMap<>();
        SortedMap<String, String> rejected = new TreeMap<>(snapshot.rejected());
        for (RegisteredSchema schema : snapshot.schemas().values()) {
            Entry<T> entry = entry(schema);
            if (entry.unusable() == null) {
                schemas.put(schema.type(), schema);
            } else {
                rejected.put(schema.type(), entry.unusable());
            }
        }
        return schemas.size() == snapshot.schemas().size() ? snapshot : new RegistrySnapshot(schemas, rejected);
    }

    private Entry<T> entry(RegisteredSchema schema) {
        Key key = new Key(schema.type(), schema.version());
        Entry<T> entry = entries.get(key);
        if (entry == null || !entry.schemaJson().equals(schema.schemaJson())) {
            compilations++;
            try {
                entry = new Entry<>(schema.schemaJson(), compiler.apply(schema), null);
            } catch (UnusableSchemaException e) {
                LOG.warn("registry entry \"{}\" rejected, its records go to quarantine (rejected_schema): {}",
                        schema.type(), e.getMessage());
                entry = new Entry<>(schema.schemaJson(), null, e.getMessage());
            }
            entries.put(key, entry);
        }
        return entry;
    }

    /** Forgets every type not in {@code types} (all their versions). */
    public synchronized void retainOnly(Set<String> types) {
        entries.keySet().removeIf(k -> !types.contains(k.type()));
    }

    /** How many times a schema was compiled (tests check that unchanged versions are not compiled again). */
    public synchronized int compilations() {
        return compilations;
    }
}
