package dev.fakeclicks.sink.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.registry.RegisteredSchema;
import java.time.Instant;
import java.util.Set;
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
}
