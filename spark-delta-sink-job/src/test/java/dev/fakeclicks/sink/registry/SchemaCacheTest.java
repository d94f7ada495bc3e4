package dev.fakeclicks.sink.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SchemaCacheTest {

    private static RegisteredSchema schema(String type, int version, String json) {
        return new RegisteredSchema(type, version, Instant.EPOCH, json);
    }

    @Test
    void compilesEachTypeVersionOnceAndAgainOnlyWhenItChanges() {
        SchemaCache<String> cache = new SchemaCache<>(s -> s.type() + "@" + s.version() + ":" + s.schemaJson());

        assertThat(cache.get(schema("a", 1, "{1}"))).isEqualTo("a@1:{1}");
        assertThat(cache.get(schema("a", 1, "{1}"))).isEqualTo("a@1:{1}");
        assertThat(cache.get(schema("b", 1, "{1}"))).isEqualTo("b@1:{1}");
        assertThat(cache.compilations()).isEqualTo(2);

        assertThat(cache.get(schema("a", 2, "{2}"))).isEqualTo("a@2:{2}");
        // deleted and registered again: version 1 again, with another schema
        assertThat(cache.get(schema("a", 1, "{other}"))).isEqualTo("a@1:{other}");
        assertThat(cache.compilations()).isEqualTo(4);

        cache.retainOnly(Set.of("b"));
        cache.get(schema("a", 2, "{2}"));
        cache.get(schema("b", 1, "{1}"));
        assertThat(cache.compilations()).isEqualTo(5);
    }

    @Test
    void schemasTheCompilerRefusesMoveToTheRejectedEntriesCompiledOnceEach() {
        SchemaCache<String> cache = new SchemaCache<>(s -> {
            if (s.schemaJson().contains("bad")) {
                throw new UnusableSchemaException("schema v" + s.version() + " of " + s.type() + " is not usable: bad", null);
            }
            return s.type() + "@" + s.version();
        });
        RegistrySnapshot snapshot = new RegistrySnapshot(new TreeMap<>(Map.of(
                "a", schema("a", 1, "{ok}"), "b", schema("b", 3, "{bad}"))),
                new TreeMap<>(Map.of("c", "registry entry of c is unreadable: not valid JSON")));

        RegistrySnapshot usable = cache.usable(snapshot);
        assertThat(usable.schemas()).containsOnlyKeys("a");
        assertThat(usable.rejected()).isEqualTo(Map.of("b", "schema v3 of b is not usable: bad",
                "c", "registry entry of c is unreadable: not valid JSON"));
        assertThat(cache.usable(snapshot)).isEqualTo(usable);
        assertThat(cache.compilations()).isEqualTo(2); // the refusal is remembered too: no cost per batch
        assertThatThrownBy(() -> cache.get(schema("b", 3, "{bad}"))).isInstanceOf(UnusableSchemaException.class)
                .hasMessage("schema v3 of b is not usable: bad");

        // fixed in the registry: the next version is compiled and used
        RegistrySnapshot fixed = new RegistrySnapshot(new TreeMap<>(Map.of("a", schema("a", 1, "{ok}"), "b", schema("b", 4, "{ok}"))),
                new TreeMap<>());
        assertThat(cache.usable(fixed)).isSameAs(fixed);
        assertThat(cache.get(schema("b", 4, "{ok}"))).isEqualTo("b@4");
        assertThat(cache.compilations()).isEqualTo(3);
    }

    @Test
    void usableForgetsTypesTheRegistryNoLongerHas() {
        SchemaCache<String> cache = new SchemaCache<>(RegisteredSchema::type);
        cache.usable(new RegistrySnapshot(new TreeMap<>(Map.of("a", schema("a", 1, "{}"), "b", schema("b", 1, "{}"))), new TreeMap<>()));
        cache.usable(new RegistrySnapshot(new TreeMap<>(Map.of("b", schema("b", 1, "{}"))), new TreeMap<>()));
        cache.get(schema("a", 1, "{}"));
        assertThat(cache.compilations()).isEqualTo(3);
    }
}
