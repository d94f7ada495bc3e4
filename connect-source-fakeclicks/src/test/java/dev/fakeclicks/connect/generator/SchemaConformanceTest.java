package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.catalogue.CatalogueEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 100,000+ generated events of all types, each checked against its type's schema in the catalogue files. */
class SchemaConformanceTest {

    @Test
    void everyEventConformsToItsCatalogueSchema() {
        ClickStream stream = TestStreams.stream(TestStreams.settings(7), 0, 1, ClickStream.Resume.START);
        Map<String, Integer> perType = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 120_000; i++) {
            StreamItem item = stream.next();
            GeneratedEvent e = item.event();
            CatalogueEntry entry = TestStreams.CATALOGUE.require(e.type());
            perType.merge(e.type(), 1, Integer::sum);
            assertThat(e.fields().get("event_type")).isEqualTo(e.type());
            assertThat(e.fields().get("schema_version")).isEqualTo(entry.revision());
            for (String p : CatalogueConformance.problems(entry.schema(), e.fields())) {
                if (problems.size() < 20) {
                    problems.add(e.type() + " " + e.eventId() + ": " + p);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(perType.keySet()).as("all types appear").containsExactlyInAnyOrderElementsOf(TestStreams.TYPES);
    }
}
