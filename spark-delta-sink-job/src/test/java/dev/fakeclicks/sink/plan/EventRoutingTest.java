package dev.fakeclicks.sink.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.schema.SchemaJson;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated SQL as text; EventRoutingIT evaluates it in Spark on every case. */
class EventRoutingTest {

    private static final String SCHEMA = SchemaJson.toJson(Catalogue.builtIn().require("page_view").schema());

    private final RegistrySnapshot snapshot = RegistrySnapshot.fromLatestHash(Map.of(
            "page_view", new RegisteredSchema("page_view", 2, Instant.EPOCH, SCHEMA).toEntryJson(),
            "broken", "{not json",
            "Bad Name", new RegisteredSchema("x", 1, Instant.EPOCH, SCHEMA).toEntryJson()));
    private final EventRouting routing = new EventRouting(snapshot);

    @Test
    void theSqlFormChecksInTheSameOrder() {
        String sql = routing.reasonSql("_size", 1000, "_light", "_corrupt_record", "_type");

        assertThat(sql).isEqualTo("CASE WHEN _size > 1000 THEN 'oversized'"
                + " WHEN _light IS NULL OR _light.`_corrupt_record` IS NOT NULL THEN 'not_json'"
                + " WHEN _type IS NULL THEN 'missing_event_type'"
                + " WHEN _type IN ('page_view') THEN NULL"
                + " WHEN NOT _type RLIKE '^(?:[a-z][a-z0-9_]{0,63})\\\\z' THEN 'invalid_event_type'"
                + " WHEN _type IN ('Bad Name', 'broken') THEN 'rejected_schema'"
                + " ELSE 'unknown_event_type' END");
    }
}
