package dev.fakeclicks.sink.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.schema.SchemaJson;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BatchManifestTest {

    @Test
    void roundTripsTheSnapshotItWasDecidedWith() {
        TreeMap<String, RegisteredSchema> schemas = new TreeMap<>();
        schemas.put("purchase", new RegisteredSchema("purchase", 3, Instant.parse("2026-11-26T10:00:00Z"),
                SchemaJson.toJson(Catalogue.builtIn().require("purchase").schema())));
        RegistrySnapshot snapshot = new RegistrySnapshot(schemas, new TreeMap<>(Map.of("bad", "registry entry of bad is not valid JSON")));
        BatchManifest manifest = new BatchManifest(7, "q-1", Instant.parse("2026-11-26T10:00:01.123Z"), 4096, snapshot, Optional.empty());

        BatchManifest read = BatchManifest.fromJson(manifest.toJson());
        assertThat(read).isEqualTo(manifest);
        BatchReport report = new BatchReport(7, 1, Map.of("purchase", 1L), 0, Map.of(), 1, 2, false);
        assertThat(manifest.completed(report).completedReport()).contains(report.line());
        assertThat(manifest.completed(report).toJson()).isEqualTo(manifest.toJson()); // the report is stored apart
        assertThatThrownBy(() -> BatchManifest.fromJson("{\"latest\":{}}")).hasMessageContaining("unreadable batch manifest");
    }
}
