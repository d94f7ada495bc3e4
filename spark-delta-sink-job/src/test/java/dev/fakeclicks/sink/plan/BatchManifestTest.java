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
        BatchManifest manifest = new BatchManifest(7, "q-1", "{\"raw_events\":{\"0\":12}}", Instant.parse("2026-11-26T10:00:01.123Z"), 4096, snapshot, Optional.empty());

        BatchManifest read = BatchManifest.fromJson(manifest.toJson());
        assertThat(read).isEqualTo(manifest);
        BatchReport report = new BatchReport(7, 1, Map.of("purchase", 1L), 0, Map.of(), 1, 2, false);
        assertThat(manifest.completed(report).completedReport()).contains(report.line());
        assertThat(manifest.completed(report).toJson()).isEqualTo(manifest.toJson()); // the report is stored apart
        assertThatThrownBy(() -> BatchManifest.fromJson("{\"latest\":{}}")).hasMessageContaining("unreadable batch manifest");
    }

    @Test
    void aReplayOverOtherOffsetsIsRefusedUnlessEitherSideIsUnknown() {
        RegistrySnapshot empty = new RegistrySnapshot(new TreeMap<>(), new TreeMap<>());
        BatchManifest manifest = new BatchManifest(3, "q-1", "{\"raw_events\":{\"0\":12}}", Instant.EPOCH, 1024, empty, Optional.empty());
        manifest.requireSameOffsets("{\"raw_events\":{\"0\":12}}");
        manifest.requireSameOffsets(""); // no offset log entry to compare with
        new BatchManifest(3, "q-1", "", Instant.EPOCH, 1024, empty, Optional.empty()) // written by an earlier version
                .requireSameOffsets("{\"raw_events\":{\"0\":40}}");
        assertThatThrownBy(() -> manifest.requireSameOffsets("{\"raw_events\":{\"0\":40}}"))
                .hasMessageStartingWith("batch 3 of this streaming query ran before over offsets {\"raw_events\":{\"0\":12}},"
                        + " and now over {\"raw_events\":{\"0\":40}}")
                .hasMessageContaining("Put back the checkpoint that goes with the tables");
    }
}
