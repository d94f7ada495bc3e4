package dev.fakeclicks.sink.plan;

import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry snapshot a replayed batch uses. A replay reads the registry again, so that a failure the registry
 * caused (an incompatible schema registered by mistake) ends once the operator fixes the registry, instead of
 * repeating with the snapshot frozen in the first attempt's manifest. A type whose table already committed the
 * batch keeps the entry it was written with: its rows and misfits must be judged by that schema again, or the
 * quarantine's recheck would lose or duplicate records.
 */
public final class ReplaySnapshot {

    private ReplaySnapshot() {
    }

    /**
     * Names whose registry state differs between the two snapshots: a new or removed type, another version or
     * schema, a rejection added, removed or changed. (The registration time alone is no change.)
     */
    public static SortedSet<String> changedTypes(RegistrySnapshot earlier, RegistrySnapshot fresh) {
        SortedSet<String> names = new TreeSet<>(earlier.schemas().keySet());
        names.addAll(fresh.schemas().keySet());
        names.addAll(earlier.rejected().keySet());
        names.addAll(fresh.rejected().keySet());
        names.removeIf(name -> sameSchema(earlier.schemas().get(name), fresh.schemas().get(name))
                && Objects.equals(earlier.rejected().get(name), fresh.rejected().get(name)));
        return names;
    }

    /** {@code fresh}, except that every name in {@code keepEarlier} has its state of {@code earlier}. */
    public static RegistrySnapshot merge(RegistrySnapshot earlier, RegistrySnapshot fresh, Set<String> keepEarlier) {
        SortedMap<String, RegisteredSchema> schemas = new TreeMap<>(fresh.schemas());
        SortedMap<String, String> rejected = new TreeMap<>(fresh.rejected());
        for (String name : keepEarlier) {
            schemas.remove(name);
            rejected.remove(name);
            if (earlier.schemas().containsKey(name)) {
                schemas.put(name, earlier.schemas().get(name));
            }
            if (earlier.rejected().containsKey(name)) {
                rejected.put(name, earlier.rejected().get(name));
            }
        }
        return new RegistrySnapshot(schemas, rejected);
    }

    /** For the log: {@code search v1 -> v2}, {@code checkout v3 -> (none)}, {@code sign_up (none) -> v1}. */
    public static String describeChange(String name, RegistrySnapshot earlier, RegistrySnapshot fresh) {
        String before = state(earlier, name);
        String after = state(fresh, name);
        return name + " " + before + " -> " + after + (before.equals(after) ? " (another schema)" : "");
    }

    private static String state(RegistrySnapshot snapshot, String name) {
        RegisteredSchema schema = snapshot.schemas().get(name);
        if (schema != null) {
            return "v" + schema.version();
        }
        return snapshot.rejected().containsKey(name) ? "(rejected)" : "(none)";
    }

    private static boolean sameSchema(RegisteredSchema a, RegisteredSchema b) {
        return a == null ? b == null : b != null && a.version() == b.version() && a.schemaJson().equals(b.schemaJson());
    }
}
