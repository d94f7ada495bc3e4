package dev.fakeclicks.registry;

import dev.fakeclicks.catalogue.EventTypeNames;

/**
 * The registry's Redis layout, under a configurable prefix P:
 * <ul>
 *   <li>{@code P latest} - hash: event type -> entry of its latest version. One {@code HGETALL} returns every
 *       type with its latest schema, and a type can never be seen without its schema.</li>
 *   <li>{@code P versions:<type>} - list: entry of version N at index N-1, all versions kept.</li>
 * </ul>
 * An entry is {@code {"version":N,"registered_at":"<ISO-8601>","schema":<Spark StructType JSON>}}.
 * Writes go through one Lua script that appends to the list and replaces the hash field atomically.
 */
public record RegistryKeys(String prefix) {

    public String latest() {
        return prefix + "latest";
    }

    public String versions(String type) {
        return prefix + "versions:" + EventTypeNames.requireValid(type);
    }
}
